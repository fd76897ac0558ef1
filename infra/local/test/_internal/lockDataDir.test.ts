import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { lockDataDir } from '../../src/_internal/lockDataDir.js'

const LOCK_MODULE = fileURLToPath(new URL('../../src/_internal/lockDataDir.ts', import.meta.url))

/** Another process that takes the lock, says `locked`, and then holds it until it is killed. */
async function holderProcess(dataDir: string) {
  const script = `const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)}); await lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve())
    child.on('exit', (code) => reject(new Error(`the holder exited with ${code}: ${stderr}`)))
  })
  return { child, exited }
}

t.test('a second lock in this process is refused at once, and a released lock can be taken again', async (t) => {
  const dataDir = t.testdir()
  const release = await lockDataDir(dataDir)
  t.ok(existsSync(join(dataDir, 'platform.lock')))
  await t.rejects(lockDataDir(dataDir), {
    name: 'ConfigError',
    message: `data directory ${dataDir} is in use by this process; stop that platform or choose another SDP_DATA_DIR`,
  })
  await release()
  t.notOk(existsSync(join(dataDir, 'platform.lock')), 'release removes the lock')
  const again = await lockDataDir(dataDir)
  await again()
})

t.test('a lock held by another live process is refused with a one-line message', async (t) => {
  const dataDir = t.testdir()
  const holder = await holderProcess(dataDir)
  t.teardown(() => holder.child.kill('SIGKILL'))
  await t.rejects(lockDataDir(dataDir), {
    name: 'ConfigError',
    message: /^data directory .* is in use by another running platform; stop that platform or choose another SDP_DATA_DIR$/,
  })
  holder.child.kill('SIGTERM')
  await holder.exited
  t.notOk(existsSync(join(dataDir, 'platform.lock')), 'a terminated holder releases its lock on exit')
})

t.test('a lock left by a process killed with SIGKILL is taken over', async (t) => {
  const dataDir = t.testdir()
  const holder = await holderProcess(dataDir)
  holder.child.kill('SIGKILL')
  await holder.exited
  t.ok(existsSync(join(dataDir, 'platform.lock')), 'SIGKILL leaves the lock behind')
  const release = await lockDataDir(dataDir)
  t.pass('the stale lock was taken over')
  await release()
})
