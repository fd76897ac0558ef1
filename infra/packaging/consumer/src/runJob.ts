// Runs the job over the fixture event with the engine's pure adapter and prints what Lambda would
// get back and what the caller would write. Compiled without @types/node: the engine's
// declarations must not need Node's.
import { runWindowInvocation } from '@sdp/aggregation-engine'
import { clicksPerCampaign } from './countJob.js'
import { windowEvent } from './windowEvent.js'

declare const console: { log(line: string): void }

const result = runWindowInvocation(windowEvent, clicksPerCampaign, new Map())

// Never called: it only proves that the declarations are types, not `any`.
export const misuse = () =>
  // @ts-expect-error a job is not the fetched state
  runWindowInvocation(windowEvent, clicksPerCampaign, clicksPerCampaign)

console.log(
  JSON.stringify({
    emitted: result.emitted.map((r) => ({ campaign: r.key, start: r.window.start, clicks: r.value })),
    partials: result.partials.map((p) => ({ id: p.id, campaign: p.key, clicks: p.accumulator })),
    deadLetters: result.deadLetters.map((d) => d.reason),
    batchItemFailures: result.response.batchItemFailures,
  }),
)
