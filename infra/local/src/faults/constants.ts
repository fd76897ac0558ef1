/** The services and fault kinds of the local platform's fault mode (`SDP_FAULTS`). */

/** The local services a fault can hit (Firehose has no local endpoint). */
export const FAULT_SERVICES = ['s3', 'dynamodb', 'kinesis'] as const

/** A service behind the fault proxy. */
export type FaultService = (typeof FAULT_SERVICES)[number]

/**
 * The error answers each service's rate draws from, half each: what AWS answers when it throttles
 * or fails internally. Kinesis answers a PutRecords fault half the time with a partial failure
 * (200, some entries refused) instead; its other calls always get the throttling error.
 */
export const SERVICE_FAULT_KINDS = {
  s3: ['SlowDown', 'InternalError'],
  dynamodb: ['ProvisionedThroughputExceededException', 'ThrottlingException'],
  kinesis: ['ProvisionedThroughputExceededException', 'PartialFailure'],
} as const satisfies Record<FaultService, ReadonlyArray<string>>

/**
 * Connection resets, at the `reset` rate on every service: before the request reaches the service,
 * or after the service applied it (the ambiguous success), half each.
 */
export const RESET_KINDS = ['ResetBeforeRequest', 'ResetAfterApply'] as const

/** Every kind of fault the proxy injects. */
export type FaultKind = (typeof SERVICE_FAULT_KINDS)[FaultService][number] | (typeof RESET_KINDS)[number]

/** The keys `SDP_FAULTS` accepts besides the services. */
export const FAULT_SPEC_KEYS = [...FAULT_SERVICES, 'reset', 'seed', 'cover'] as const

/** The kinds of fault a call to `service` can meet: the service's errors (a partial failure only for PutRecords) and both resets. */
export function callFaultKinds(service: FaultService, operation: string): ReadonlyArray<FaultKind> {
  const errors = service === 'kinesis' && operation !== 'PutRecords' ? ['ProvisionedThroughputExceededException' as const] : SERVICE_FAULT_KINDS[service]
  return [...errors, ...RESET_KINDS]
}
