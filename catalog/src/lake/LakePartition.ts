import { InvalidArgumentError } from '../errors.js'

/** A `dt`/`hour` partition of a lake table: the UTC day (`YYYY-MM-DD`) and hour (`HH`). */
export interface LakePartition {
  readonly dt: string
  readonly hour: string
}

const HOUR_MS = 3_600_000
const PATTERN = /^(\d{4}-\d{2}-\d{2})\/(\d{2})$/

/**
 * The partition of an epoch-millisecond time, in UTC.
 *
 * @throws InvalidArgumentError when `ms` is not a finite time a `Date` can hold
 * @example
 * ```ts
 * partitionOf(1795831442000) // { dt: '2026-11-28', hour: '02' }
 * ```
 */
export function partitionOf(ms: number): LakePartition {
  const date = new Date(ms)
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) throw new InvalidArgumentError(`time must be epoch milliseconds, got ${ms}`)
  const iso = date.toISOString()
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) }
}

/** The first millisecond of a partition. */
export function partitionStart(partition: LakePartition): number {
  return Date.parse(`${partition.dt}T${partition.hour}:00:00.000Z`)
}

/** The first millisecond after a partition (its start plus one hour). */
export function partitionEnd(partition: LakePartition): number {
  return partitionStart(partition) + HOUR_MS
}

/** `YYYY-MM-DD/HH`: a partition as one sortable string (used as a map key and in logs). */
export function partitionId(partition: LakePartition): string {
  return `${partition.dt}/${partition.hour}`
}

/**
 * The partition of a {@link partitionId} string.
 *
 * @throws InvalidArgumentError for anything else
 */
export function parsePartitionId(id: string): LakePartition {
  const m = PATTERN.exec(id)
  const partition = m ? { dt: m[1] as string, hour: m[2] as string } : undefined
  if (partition === undefined || Number.isNaN(partitionStart(partition)) || Number(partition.hour) > 23) {
    throw new InvalidArgumentError(`partition must look like YYYY-MM-DD/HH, got ${JSON.stringify(id)}`)
  }
  return partition
}
