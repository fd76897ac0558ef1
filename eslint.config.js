// One lint configuration for every workspace: `npm run lint` at the root checks the whole repository.
import eslint from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

const testFiles = ['**/test/**', 'test-support/**']

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/cdk.out/**', '**/.tap/**', '**/coverage/**', '**/.sdp-data/**', 'benchmarks/results/**'],
  },
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        // each file is checked with the tsconfig.json of its own workspace
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // numbers and booleans read well in messages ("got 1.5"); objects and undefined stay flagged
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => void work()` style shorthands are how callbacks are written throughout
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // tap queues and awaits every `t.test(...)` itself; other floating promises stay flagged
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafePromises: [{ from: 'package', name: 'PromiseWithSubtest', package: '@tapjs/core' }] },
      ],
      complexity: ['error', 15],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: testFiles,
    rules: {
      // tap subtest callbacks are `async` by convention, whether or not they await yet
      '@typescript-eslint/require-await': 'off',
      // tests read parsed JSON and SDK answers untyped and assert on their shape: a wrong shape fails the test
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // a `!` on a value the test has just produced fails the test as loudly as an assertion would
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      // a test body is a list of cases, not a function to split
      complexity: 'off',
      'max-lines-per-function': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
)
