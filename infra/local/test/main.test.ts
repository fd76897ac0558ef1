import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { waitFor } from './_support/harness.js'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import=tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output, exited }
}

t.test('npm start: a bad setting is a clear message and exit code 1', async (t) => {
  const { output, exited } = run({ SDP_WINDOW_SECONDS: 'ten', SDP_DATA_DIR: t.testdir() })
  t.equal(await exited, 1)
  t.match(output.stderr, 'sdp: SDP_WINDOW_SECONDS must be a whole number from 1 to 900, got "ten"')
})

t.test('npm start: a bad SDP_FAULTS is one clear message and exit code 1', async (t) => {
  const { output, exited } = run({ SDP_FAULTS: 's3=0.05,seed=-1', SDP_DATA_DIR: t.testdir() })
  t.equal(await exited, 1)
  t.match(output.stderr, "sdp: SDP_FAULTS seed must be an integer from 0 to 4294967295, not '-1'")
})

t.test('npm start: a job file that exports no job stops the start with one message naming it', async (t) => {
  const dir = t.testdir({ 'nojob.mjs': 'export const answer = 42\n' })
  const file = `${dir}/nojob.mjs`
  const { output, exited } = run({ SDP_JOBS: file, SDP_DATA_DIR: `${dir}/data` })
  t.equal(await exited, 1)
  t.match(output.stderr, `sdp: SDP_JOBS: ${file} exports no job`)
  t.equal(output.stderr.trim().split('\n').length, 1, 'one message')
})

t.test('npm start: a data directory in use is a clear message and exit code 1', async (t) => {
  const dataDir = t.testdir()
  const first = run({ PORT: '0', SDP_DATA_DIR: dataDir, SDP_WINDOW_SECONDS: '1' })
  t.teardown(() => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL')
  })
  await waitFor('the first platform is up', () => first.output.stdout.includes('listening on'), 20_000)
  const second = run({ PORT: '0', SDP_DATA_DIR: dataDir, SDP_WINDOW_SECONDS: '1' })
  t.equal(await second.exited, 1)
  t.match(second.output.stderr, /sdp: data directory .* is in use by another running platform/)
  first.child.kill('SIGINT')
  t.equal(await first.exited, 0, 'SIGINT stops cleanly too')
})

t.test('npm start: serves /health, persists under SDP_DATA_DIR, and stops cleanly on SIGTERM', async (t) => {
  const dataDir = t.testdir()
  const { child, output, exited } = run({ PORT: '0', SDP_DATA_DIR: dataDir, SDP_WINDOW_SECONDS: '1' })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  let url = ''
  // Both start-up lines: they are two writes, which can reach this process in separate chunks.
  await waitFor(
    'the URL and the data directory are logged',
    () => {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)?.[1] ?? ''
      return url !== '' && output.stdout.includes('data directory')
    },
    20_000,
  )
  t.match(output.stdout, dataDir, 'the data directory is logged')
  const health = await fetch(`${url}/health`)
  t.equal(health.status, 200)
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exit code 0')
  t.match(output.stdout, 'stopped cleanly')
})
