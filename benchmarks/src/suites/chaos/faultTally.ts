// Fault counts over a run whose platform is killed and restarted: each incarnation's fault proxy
// counts from zero, so the last `/health` sample of each is kept and the incarnations are summed.
import { FAULT_SERVICES, type FaultCounts, type FaultService } from '@sdp/infra'

/** The counts of one incarnation as `/health` shows them under `faults`. */
export type HealthFaults = FaultCounts & { readonly spec: string }

/** Per service: requests, faults injected (all kinds) and SDK retries; and faults per kind over every service. */
export interface FaultTotals {
  readonly requests: Record<FaultService, number>
  readonly faulted: Record<FaultService, number>
  readonly sdkRetries: Record<FaultService, number>
  readonly byKind: Record<string, number>
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0)

/** Sums the last sample of every incarnation. */
export function totalFaults(samples: Iterable<FaultCounts>): FaultTotals {
  const zero = () => Object.fromEntries(FAULT_SERVICES.map((s) => [s, 0])) as Record<FaultService, number>
  const totals: FaultTotals = { requests: zero(), faulted: zero(), sdkRetries: zero(), byKind: {} }
  for (const counts of samples) {
    for (const service of FAULT_SERVICES) {
      totals.requests[service] += counts.requests[service]
      totals.sdkRetries[service] += counts.sdkRetries[service]
      for (const [kind, calls] of Object.entries(counts.injected[service])) {
        const n = sum(Object.values(calls ?? {}))
        totals.faulted[service] += n
        totals.byKind[kind] = (totals.byKind[kind] ?? 0) + n
      }
    }
  }
  return totals
}
