import { FAULT_SERVICES, type FaultKind, type FaultService } from './constants.js'

/** Counts of one service: faults by kind, then by `<operation> <target>`. */
export type InjectedCounts = Partial<Record<FaultKind, Record<string, number>>>

/** What the fault proxy has done so far. */
export interface FaultCounts {
  /** Faults injected, per service, kind and `<operation> <target>` (e.g. `PutRecords sdp-events`). */
  readonly injected: Readonly<Record<FaultService, InjectedCounts>>
  /** Requests received per service. */
  readonly requests: Readonly<Record<FaultService, number>>
  /** Requests received per service and `<operation> <target>`. */
  readonly calls: Readonly<Record<FaultService, Readonly<Record<string, number>>>>
  /** Requests that were AWS SDK retries (`amz-sdk-request: attempt=2…`), per service. */
  readonly sdkRetries: Readonly<Record<FaultService, number>>
}

/** Faults the proxy injected, and the requests and SDK retries it saw. */
export class FaultCounter {
  private readonly injected = perService((): InjectedCounts => ({}))
  private readonly requests = perService(() => 0)
  private readonly calls = perService((): Record<string, number> => ({}))
  private readonly sdkRetries = perService(() => 0)

  /** Counts a request; `attempt` > 1 marks an SDK retry. */
  public request(service: FaultService, operation: string, target: string, attempt: number): void {
    this.requests[service]++
    const call = callName(operation, target)
    this.calls[service][call] = (this.calls[service][call] ?? 0) + 1
    if (attempt > 1) this.sdkRetries[service]++
  }

  /** Counts one injected fault. */
  public fault(service: FaultService, kind: FaultKind, operation: string, target: string): void {
    const byCall = (this.injected[service][kind] ??= {})
    const call = callName(operation, target)
    byCall[call] = (byCall[call] ?? 0) + 1
  }

  /** A copy of the counts. */
  public snapshot(): FaultCounts {
    return structuredClone({ injected: this.injected, requests: this.requests, calls: this.calls, sdkRetries: this.sdkRetries })
  }
}

/** Total faults of `kind` on `service` whose `<operation> <target>` matches `call`. */
export function faultsOf(counts: FaultCounts, service: FaultService, kind: FaultKind, call: (name: string) => boolean = () => true): number {
  return Object.entries(counts.injected[service][kind] ?? {}).reduce((n, [name, count]) => n + (call(name) ? count : 0), 0)
}

/** An empty set of counts. */
export function emptyFaultCounts(): FaultCounts {
  return new FaultCounter().snapshot()
}

const callName = (operation: string, target: string): string => (target === '' ? operation : `${operation} ${target}`)

function perService<T>(make: () => T): Record<FaultService, T> {
  return Object.fromEntries(FAULT_SERVICES.map((s) => [s, make()])) as Record<FaultService, T>
}
