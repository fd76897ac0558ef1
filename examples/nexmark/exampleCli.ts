// `npm run example -- <query>`: one Nexmark query on the local platform, checked against its oracle.
import { pathToFileURL } from 'node:url'
import { processIo, runCommand, UsageError, type CliIo } from '@sdp/infra/cli'
import { NEXMARK_EXAMPLES } from './nexmarkExamples.js'
import { runNexmarkExample } from './runNexmarkExample.js'

const QUERIES = Object.keys(NEXMARK_EXAMPLES)

/** The command's spec: usage, options. */
export const EXAMPLE_COMMAND = {
  name: 'example',
  usage: `Usage: npm run example -- <${QUERIES.join('|')}> [options]

Starts the local platform with the Nexmark query's job (examples/nexmark/<query>.ts; its data in a
temporary directory), puts generated events on the stream, waits until the job's results equal
the oracle or stop changing, prints them and stops. Exit 0 when they equal the oracle, 1 when not.

Options:
  --events N            events to generate (default 400)
  --seed S              seed of the generator (default 7)
  --timeout-seconds T   how long the results may take (default 120)
  -h, --help            this text

Example:
  npm run example -- q7 --events 1000`,
  options: { events: { type: 'string' }, seed: { type: 'string' }, 'timeout-seconds': { type: 'string' } },
  allowPositionals: true,
} as const

/** A whole number above 0, or undefined when not given. @throws UsageError naming the option */
function positive(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} must be a whole number above 0, got '${raw}'`)
  return n
}

/**
 * Runs the command over `argv`: 0 when the results equal the oracle, 1 when not, 2 for bad arguments.
 *
 * @example
 * process.exitCode = await exampleCli(['q7'])
 */
export function exampleCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return runCommand(
    EXAMPLE_COMMAND,
    argv,
    async ({ values, positionals }) => {
      const [query, ...rest] = positionals
      if (rest.length > 0) throw new UsageError(`Unexpected argument '${rest[0]}'`)
      const example = query === undefined ? undefined : NEXMARK_EXAMPLES[query]
      if (example === undefined) throw new UsageError(`the query must be one of ${QUERIES.join(', ')}, got '${query ?? ''}'`)
      const events = positive('--events', values.events)
      const seed = positive('--seed', values.seed)
      const timeout = positive('--timeout-seconds', values['timeout-seconds'])
      const options = { ...(events ? { events } : {}), ...(seed ? { seed } : {}), ...(timeout ? { timeoutMs: timeout * 1000 } : {}) }
      return runNexmarkExample(example, options, io)
    },
    io,
  )
}

// Run as the command (not when a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await exampleCli(process.argv.slice(2))
