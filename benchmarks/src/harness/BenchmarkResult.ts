/** One benchmark's recorded outcome, written to `benchmarks/results/<name>.json`. */
export interface BenchmarkResult {
  readonly name: string
  readonly description: string
  readonly quick: boolean
  readonly machine: Record<string, unknown>
  readonly ranAt: string
  /** The headline numbers, each with its unit in the name (`recordsPerSecond`, `bytesPerKey`). */
  readonly metrics: Record<string, number>
  /** Targets as `{metric, op, value, met}`; a quick run records them but asserts nothing. */
  readonly targets: Array<{ metric: string; op: '>=' | '<='; value: number; met: boolean }>
  readonly details?: Record<string, unknown>
  /** Tables and formulas too wide for a metrics cell: a markdown section of RESULTS.md under the result's name. */
  readonly report?: string
}

/** A benchmark suite: runs and returns results (one or several). */
export interface BenchmarkSuite {
  readonly name: string
  run(options: { quick: boolean }): Promise<Array<Omit<BenchmarkResult, 'machine' | 'ranAt' | 'quick'>>>
}

/** Builds a target row from a measured value. */
export function target(metric: string, measured: number, op: '>=' | '<=', value: number) {
  return { metric, op, value, met: op === '>=' ? measured >= value : measured <= value }
}
