import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { LoadReport } from '../load/runLoad.js'

const MAIN = fileURLToPath(new URL('../load/main.ts', import.meta.url))

/**
 * Runs the load tool (`benchmarks/src/load/main.ts --json …`) in a child process and returns its
 * report. A process of its own gives the generator the machine's other core, so it does not take
 * event-loop time from the in-process platform it measures.
 */
export function runLoadProcess(args: readonly string[]): Promise<LoadReport> {
  const tsx = import.meta.resolve('tsx')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, MAIN, ...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const text = Buffer.concat(chunks).toString('utf8')
      try {
        resolve(JSON.parse(text) as LoadReport)
      } catch {
        reject(new Error(`the load tool exited with ${code} without a JSON report: ${text.slice(0, 500)}`))
      }
    })
  })
}
