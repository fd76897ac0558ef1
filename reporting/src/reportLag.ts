/** The consumer names of the reporting job's two stages, as the platforms name their mappings. */
export const REPORTING_STAGES = { window: 'reporting', merge: 'reporting-merge' } as const

/**
 * How far the reports trail the event stream: the two stages' lags added up (an event waits for
 * stage 1, then its partial for stage 2), or null while either stage is not reported.
 */
export function reportLagMs(consumers: ReadonlyArray<{ readonly name: string; readonly lagMs: number }>): number | null {
  const window = consumers.find((c) => c.name === REPORTING_STAGES.window)
  const merge = consumers.find((c) => c.name === REPORTING_STAGES.merge)
  return window && merge ? window.lagMs + merge.lagMs : null
}
