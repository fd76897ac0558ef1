/** One setting that is missing or breaks its rule. */
export interface ConfigProblem {
  /** The environment variable (or option) at fault, e.g. `STREAM_NAME`. */
  readonly variable: string
  /** What was wrong and what is expected, e.g. `is required (the Kinesis stream events are written to)`. */
  readonly problem: string
}

/**
 * The settings a service was started with are missing or malformed. Every service throws this
 * one class, naming every bad or missing variable at once, so one deploy fixes them all.
 *
 * @example
 * throw new ConfigError([{ variable: 'STREAM_NAME', problem: 'is required' }])
 */
export class ConfigError extends Error {
  override name = 'ConfigError'
  readonly problems: readonly ConfigProblem[]

  constructor(problems: readonly ConfigProblem[] | string) {
    const list = typeof problems === 'string' ? [] : problems
    super(typeof problems === 'string' ? problems : describe(list))
    this.problems = list
  }
}

function describe(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `${p.variable} ${p.problem}`)
  return lines.length === 1 ? (lines[0] as string) : `${lines.length} settings are wrong: ${lines.join('; ')}`
}
