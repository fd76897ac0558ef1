// `npm start` in a child process, so a suite can SIGKILL it and start it again on the same data
// directory and port, as a crash and a restart would.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../../../infra/local/src/main.ts', import.meta.url))

/** A running `npm start` child. */
export interface PlatformProcess {
  readonly url: string
  readonly child: ChildProcess
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<void>
  /** The last few KB of its stdout and stderr, for error messages. */
  output(): string
}

/** A free TCP port on 127.0.0.1 (the restarts keep it, so clients keep one URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts `infra/local/src/main.ts` with `env` added to this process's environment (PORT,
 * SDP_DATA_DIR, SDP_FAULTS, …) and resolves once `/health` answers 200.
 *
 * @throws Error with the child's last output when it exits or stays unhealthy for `timeoutMs`
 */
export async function startPlatformProcess(port: number, env: Readonly<Record<string, string>>, timeoutMs = 120_000): Promise<PlatformProcess> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tail = ''
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4_000))
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const started = performance.now()
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the platform exited (${child.exitCode ?? child.signalCode}) before /health answered 200: ${tail}`)
    const status = await fetch(`${url}/health`).then(
      (r) => (void r.body?.cancel(), r.status),
      () => 0,
    )
    if (status === 200) break
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`the platform did not answer /health with 200 within ${timeoutMs} ms: ${tail}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { url, child, exited, output: () => tail }
}

/** Sends `signal` (SIGKILL: a crash; SIGTERM: a clean stop) and resolves once the child is gone. */
export async function stopPlatformProcess(platform: PlatformProcess, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (platform.child.exitCode === null && platform.child.signalCode === null) platform.child.kill(signal)
  await platform.exited
}
