import { parseArgs, type ParseArgsConfig } from 'node:util'

/** The options table `node:util` `parseArgs` takes (`--help`/`-h` is added by {@link parseCommandLine}). */
export type CliOptions = NonNullable<ParseArgsConfig['options']>

/** A command: its name for messages, its help text and its options. */
export interface CommandSpec<O extends CliOptions> {
  /** How the user runs it, for one-line errors (`query`). */
  readonly name: string
  /** The whole `--help` text: usage, options with defaults, environment variables, an example. */
  readonly usage: string
  readonly options: O
  /** Accept positional arguments (the SQL of `query`). @default false */
  readonly allowPositionals?: boolean
}

type Values<O extends CliOptions> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string
}

/** What the command line asked for: the help text, or a run with these values. */
export type CommandLine<O extends CliOptions> =
  { readonly help: true } | { readonly help: false; readonly values: Values<O>; readonly positionals: readonly string[] }

/** A command line the command cannot run: an unknown option, a missing or bad value. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/**
 * Parses `argv` (`process.argv.slice(2)`) strictly with `node:util` `parseArgs`: an unknown
 * option, a missing value or an unexpected positional is a {@link UsageError} whose message is one
 * line naming it.
 *
 * @throws UsageError
 * @example
 * const line = parseCommandLine({ name: 'query', usage, options: { format: { type: 'string' } }, allowPositionals: true }, ['--format', 'csv', 'select 1'])
 */
export function parseCommandLine<O extends CliOptions>(spec: CommandSpec<O>, argv: readonly string[]): CommandLine<O> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: spec.allowPositionals ?? false,
    })
  } catch (error) {
    // One line, without parseArgs' hint about positionals that start with a dash (none of ours do).
    const message = (error as Error).message.replace(/\s+/g, ' ').replace(/\. To specify a positional argument.*$/, '')
    throw new UsageError(message.trim())
  }
  if ((parsed.values as Record<string, unknown>).help === true) return { help: true }
  return { help: false, values: parsed.values, positionals: parsed.positionals }
}

/**
 * Checks that an option's value is one of `choices`.
 *
 * @throws UsageError naming the option, the choices and the value given
 * @example
 * oneOf('--format', values.format, ['table', 'csv', 'json'], 'table') // 'table' when not given
 */
export function oneOf<C extends string>(option: string, raw: string | undefined, choices: readonly C[], fallback: C): C {
  if (raw === undefined) return fallback
  if ((choices as readonly string[]).includes(raw)) return raw as C
  throw new UsageError(`${option} must be one of ${choices.join(', ')}, got '${raw}'`)
}

/** Where a command writes. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

/** `process.stdout` and `process.stderr`. */
export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

/**
 * Runs a command the same way for every CLI of the project: `--help` prints the usage and gives
 * 0; a {@link UsageError} (from parsing or thrown by `main` for a bad value) prints
 * `<name>: <message> (see --help)` on one line and gives 2; otherwise `main`'s exit code.
 * Other errors propagate.
 *
 * @returns the exit code
 * @example
 * process.exitCode = await runCommand(spec, process.argv.slice(2), async ({ values }) => (values.quick ? 0 : 1))
 */
export async function runCommand<O extends CliOptions>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a command may end without naming an exit code
  main: (line: Extract<CommandLine<O>, { help: false }>) => number | void | Promise<number | void>,
  io: CliIo = processIo,
): Promise<number> {
  try {
    const line = parseCommandLine(spec, argv)
    if (line.help) {
      io.stdout(spec.usage.endsWith('\n') ? spec.usage : `${spec.usage}\n`)
      return 0
    }
    return (await main(line)) ?? 0
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr(`${spec.name}: ${error.message} (see --help)\n`)
    return 2
  }
}

/**
 * For a long-running entry point that cannot hand back an exit code: parses like
 * {@link runCommand}, prints the usage and exits 0 for `--help`, prints one line and exits 2 for a
 * {@link UsageError}, and otherwise returns the parsed command line.
 *
 * @example
 * const { values } = commandLineOrExit(START_COMMAND, process.argv.slice(2))
 */
export function commandLineOrExit<O extends CliOptions>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CliIo = processIo,
): Extract<CommandLine<O>, { help: false }> {
  let line: CommandLine<O>
  try {
    line = parseCommandLine(spec, argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr(`${spec.name}: ${error.message} (see --help)\n`)
    process.exit(2)
  }
  if (line.help) {
    io.stdout(spec.usage.endsWith('\n') ? spec.usage : `${spec.usage}\n`)
    process.exit(0)
  }
  return line
}
