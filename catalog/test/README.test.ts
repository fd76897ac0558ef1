import t from 'tap'
import { readFileSync } from 'node:fs'
import { runInThisContext } from 'node:vm'
import * as catalog from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

t.test('every JSON example decodes with the codec it is tagged with, keeping every field', async (t) => {
  const blocks = [...readme.matchAll(/```json (\w+)\n([\s\S]*?)```/g)]
  t.ok(blocks.length >= 7, `found ${blocks.length} examples`)
  for (const [, name = '', body = ''] of blocks) {
    const codec = (catalog as unknown as Record<string, { decode?: (u: unknown) => unknown }>)[name]
    if (codec?.decode === undefined) {
      t.fail(`${name} is not a codec exported by @sdp/catalog`)
      continue
    }
    const input = JSON.parse(body) as Record<string, unknown>
    const result = catalog.validateRecord(codec as never, input)
    t.ok(result.ok, `${name} example is valid`)
    if (result.ok) t.match(result.value, input, `${name} example keeps its fields`)
  }
})

t.test('the validateEvent example shows what validateEvent returns', async (t) => {
  const example = /```ts\n(validateEvent\(.*\))\n((?:\/\/.*\n)+)```/.exec(readme)
  t.ok(example, 'the example is in the README')
  const [, call = '', comment = ''] = example ?? []
  const validate = runInThisContext(`(function (validateEvent) { return ${call} })`, { filename: 'README.md' }) as (
    validateEvent: typeof catalog.validateEvent,
  ) => catalog.EventValidation
  const result = validate(catalog.validateEvent)
  const shown = [...comment.matchAll(/\{ field: '(\w+)', message: '([^']*)' \}/g)].map(([, field, message]) => ({ field, message }))
  t.same(result, { ok: false, errors: shown })
})
