// The packages a user installs, tested as a user gets them: packed by npm, installed from the
// tarballs into an empty project outside the repository, run with plain node and type-checked by
// a strict TypeScript consumer against their declarations alone.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const CONSUMER = fileURLToPath(new URL('../consumer/', import.meta.url))
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')

/** The packages a job needs, on Lambda included: the engine and the runtime with what it imports. */
const RUNTIME = ['@sdp/aggregation-engine', '@sdp/catalog', '@sdp/service-kit', '@sdp/stream-runtime'] as const
/** And the CDK constructs that deploy a job (aws-cdk-lib, constructs and esbuild are the user's). */
const PUBLISHED = [...RUNTIME, '@sdp/cdk-constructs'] as const

/** The environment of a user's shell: none of the npm settings, nor the source condition, of this repository. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || (name.startsWith('npm_') && name !== 'npm_config_cache')) continue
    env[name] = value
  }
  return env
}

/**
 * Runs a command as a user would. Through `env -u NODE_OPTIONS`: tap gives every child process a
 * NODE_OPTIONS of its own, with this process's options (the source condition) when the child's
 * environment has none.
 */
async function sh(file: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('env', ['-u', 'NODE_OPTIONS', file, ...args], { cwd, env: userEnv(), maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const e = error as { message: string; stdout?: string; stderr?: string }
    throw new Error(`${[file, ...args].join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`, { cause: error })
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  )

interface PackResult {
  readonly name: string
  readonly filename: string
  readonly files: ReadonlyArray<{ readonly path: string }>
}

/**
 * An empty project outside the repository whose lockfile lists every third-party package of the
 * repository's lockfile, at the versions the repository tests: npm then takes what our packages
 * need from there (from the npm cache that `npm ci` filled, no download), prunes the rest, and
 * fails with ENOTCACHED on anything our packages need that the repository does not have.
 */
async function consumerProject(dir: string, devDependencies: Record<string, string>): Promise<void> {
  await cp(CONSUMER, dir, { recursive: true })
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { link?: boolean }> }
  const name = 'sdp-consumer'
  const packages: Record<string, unknown> = { '': { name, devDependencies } }
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.link) packages[path] = entry
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module', devDependencies }, null, 2))
  await writeFile(join(dir, 'package-lock.json'), JSON.stringify({ name, lockfileVersion: 3, requires: true, packages }, null, 2))
}

const work = await mkdtemp(join(tmpdir(), 'sdp-packages-'))
t.teardown(() => rm(work, { recursive: true, force: true }))

// `npm pack` builds each package first (its prepack script: a clean build of src/ into dist/).
const packed = JSON.parse(await sh('npm', ['pack', '--json', '--pack-destination', work, ...PUBLISHED.flatMap((name) => ['-w', name])], ROOT)) as PackResult[]
const tarballs = new Map(packed.map((p) => [p.name, join(work, p.filename)]))

t.test('each package ships its build, README and LICENSE, and nothing else', async (t) => {
  t.same([...tarballs.keys()].sort(), [...PUBLISHED].sort())
  for (const pkg of packed) {
    const paths = pkg.files.map((f) => f.path)
    const manifest = JSON.parse(await readFile(join(ROOT, pkg.name.replace('@sdp/', ''), 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; import: string }>
    }
    t.ok(paths.includes('README.md') && paths.includes('LICENSE') && paths.includes('package.json'), `${pkg.name}: README, LICENSE, package.json`)
    t.same(
      paths.filter((p) => !['README.md', 'LICENSE', 'package.json'].includes(p) && !/^dist\/.+\.(js|js\.map|d\.ts)$/.test(p)),
      [],
      `${pkg.name}: only dist/ besides`,
    )
    t.same(
      paths.filter((p) => /(^|\/)(test|examples)\//.test(p)),
      [],
      `${pkg.name}: no tests`,
    )
    // tsc never deletes the output of a deleted source: a leftover would ship
    const sources = paths.filter((p) => p.startsWith('dist/')).map((p) => p.replace(/^dist\/(.+?)(\.d\.ts|\.js\.map|\.js)$/, 'src/$1.ts'))
    const missing = []
    for (const source of new Set(sources)) if (!(await exists(join(ROOT, pkg.name.replace('@sdp/', ''), source)))) missing.push(source)
    t.same(missing, [], `${pkg.name}: every file of dist/ has its source (else delete dist/ and pack again)`)
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      for (const file of [target.types, target.import]) t.ok(paths.includes(file.replace(/^\.\//, '')), `${pkg.name} ${subpath}: ${file} is shipped`)
    }
  }
})

t.test('the engine alone: a strict consumer without Node types compiles, and node runs the job', async (t) => {
  const dir = join(work, 'engine-only')
  await consumerProject(dir, {})
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarballs.get('@sdp/aggregation-engine')!], dir)
  t.notOk(await exists(join(dir, 'node_modules/@types/node')), 'no Node types in the project')
  await sh(process.execPath, [TSC, '-p', 'tsconfig.engine.json'], dir)

  const out = JSON.parse(await sh(process.execPath, ['out/runJob.js'], dir)) as Record<string, unknown>
  const range = 'shardId-000000000000:49590338271490256608559692538361571095921575989136580001-49590338271490256608559692538361571095921575989136580007'
  t.same(out, {
    emitted: [
      { campaign: 7, start: 0, clicks: 3 },
      { campaign: 9, start: 0, clicks: 1 },
    ],
    partials: [
      { id: range, campaign: 7, clicks: 3 },
      { id: range, campaign: 9, clicks: 1 },
    ],
    deadLetters: [`not JSON: Unexpected token 'o', "not json" is not valid JSON`, 'campaign must be an integer'],
    batchItemFailures: [],
  })
})

t.test('everything a Lambda job needs: installed without DuckDB, compiled strictly, run by node', async (t) => {
  const dir = join(work, 'lambda')
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }
  await consumerProject(dir, { '@types/node': lock.packages['node_modules/@types/node']!.version })
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...RUNTIME.map((name) => tarballs.get(name)!)], dir)
  t.notOk(await exists(join(dir, 'node_modules/@duckdb')), 'DuckDB (native) is not installed')
  await sh(process.execPath, [TSC, '-p', 'tsconfig.lambda.json'], dir)

  const out = JSON.parse(await sh(process.execPath, ['out/runLambdaHandler.js'], dir)) as {
    response: { batchItemFailures: unknown[] }
    partials: Array<{ campaign: number; clicks: number }>
    objects: string[]
    parquetRows: number
    lake: string
  }
  t.same(out.response.batchItemFailures, [])
  t.same(
    out.partials.map((p) => [p.campaign, p.clicks]),
    [
      [7, 3],
      [9, 1],
    ],
  )
  t.match(out.objects, [/^errors\/clicks\//, /^state\/clicks\/shardId-000000000000\/ckpt\//, /^state\/clicks\/shardId-000000000000\/seg\//])
  t.equal(out.parquetRows, 0, 'Parquet round trip in pure JavaScript')
  t.match(out.lake, /Cannot find package '@duckdb\/node-api'/, 'only the local query front needs DuckDB, and says so')
})

t.test('the CDK constructs: a strict user app synthesizes a job with its own esbuild, and the bundle runs', async (t) => {
  const dir = join(work, 'cdk')
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }
  const version = (name: string) => lock.packages[`node_modules/${name}`]!.version
  await consumerProject(dir, {
    '@types/node': version('@types/node'),
    'aws-cdk-lib': version('aws-cdk-lib'),
    constructs: version('constructs'),
    esbuild: version('esbuild'),
  })
  // aws-cdk-lib, constructs and esbuild are the project's own (devDependencies above). Offline, npm
  // would check our peer ranges against the registry's package documents, which its cache lacks:
  // --legacy-peer-deps takes the installed peers as they are.
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps', ...tarballs.values()], dir)
  await sh(process.execPath, [TSC, '-p', 'tsconfig.cdk.json'], dir)

  const out = JSON.parse(await sh(process.execPath, ['out/synthJob.js', join(dir, 'cdk.out')], dir)) as {
    types: string[]
    resources: Array<{ Type: string; Properties: Record<string, unknown> }>
    invoked: string
    mergeInvoked: string
  }
  for (const type of [
    'AWS::Lambda::Function',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Kinesis::StreamConsumer',
    'AWS::Kinesis::Stream',
    'AWS::CloudWatch::Alarm',
    'AWS::DynamoDB::Table',
    'AWS::S3::Bucket',
  ]) {
    t.ok(out.types.includes(type), `the stack has a ${type}`)
  }
  const count = (type: string) => out.types.filter((t) => t === type).length
  t.equal(count('AWS::Lambda::Function'), 2, 'two stages')
  t.equal(count('AWS::Lambda::EventSourceMapping'), 2, 'each on its own mapping')
  const mapping = out.resources.find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties.TumblingWindowInSeconds === 120)?.Properties
  t.match(mapping, {
    TumblingWindowInSeconds: 120,
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: -1,
    EventSourceArn: { 'Fn::GetAtt': [/FanOut/, 'ConsumerARN'] },
  })
  t.match(out.invoked, /^ConfigError: .*JOB_NAME is required/, 'the bundle wraps the job with the window handler, which reads its settings')
  t.match(out.mergeInvoked, /^ConfigError: .*JOB_RESULTS_TABLE is required/, 'and with the merge handler, which reads its own')
})

t.test('inside the repository they resolve to their TypeScript sources', async (t) => {
  for (const name of PUBLISHED) t.match(import.meta.resolve(name), /\/src\/index\.ts$/, name)
  t.match(import.meta.resolve('@sdp/catalog/lake'), /\/catalog\/src\/lake\/index\.ts$/)
})
