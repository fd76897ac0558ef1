// `npm start` killed with SIGKILL while traffic flows, then started again on the same data
// directory: every campaign's report ends exactly right — nothing lost, nothing counted twice.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { postEvents, reportMismatches, waitFor } from '../_support/harness.js'
import { workload } from './workload.js'

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))

function start(dataDir: string) {
  const child = spawn(process.execPath, ['--import=tsx', MAIN], {
    env: { ...process.env, PORT: '0', SDP_DATA_DIR: dataDir, SDP_WINDOW_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const url = async () => {
    let found = ''
    await waitFor('the platform to listen', () => (found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1] ?? '') !== '', 60_000).catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}; exit code ${child.exitCode}; stdout: ${stdout.slice(-1_000)}; stderr: ${stderr}`)
      },
    )
    await waitFor('/health to answer 200', async () => (await fetch(`${found}/health`)).status === 200, 60_000)
    return found
  }
  return { child, exited, url }
}

const post = (url: string, events: object[]) => postEvents(url, events, 100)

t.test('a SIGKILL in the middle of the traffic loses and double-counts nothing', async (t) => {
  const dataDir = t.testdir()
  const w = workload(600, 10, 23)
  const all = [...w.early, ...w.delayed]
  const first = start(dataDir)
  t.teardown(() => void first.child.kill('SIGKILL'))
  const firstUrl = await first.url()
  await post(firstUrl, all.slice(0, Math.floor(all.length / 2)))
  // Kill while the consumers are still working through what was just accepted.
  first.child.kill('SIGKILL')
  await first.exited
  const second = start(dataDir)
  t.teardown(() => void second.child.kill('SIGKILL'))
  const url = await second.url()
  await post(url, all.slice(Math.floor(all.length / 2)))
  const wrong = () => reportMismatches(url, w.expected)
  await waitFor('every report to be exact after the restart', async () => (await wrong()).length === 0, 90_000).catch(() => undefined)
  t.same(await wrong(), [], 'every campaign exact')
  second.child.kill('SIGTERM')
  await second.exited
})
