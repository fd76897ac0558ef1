/** Milliseconds of the roll-up units of the results store. */
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** Start of the UTC hour holding `t`. */
export const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS
/** Start of the UTC day holding `t`. */
export const dayOf = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS
/** Start of the UTC month holding `t`. */
export const monthOf = (t: number): number => {
  const d = new Date(t)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

/**
 * Names of stage 2's state entries. Each result item has one entry holding its current value
 * (`k|` a key's head, `t|` a directory slot: the totals of its keys); `w|` entries hold what was
 * merged from each stage-1 shard, per key group.
 */
export const stateKey = {
  watermarks: (bucket: number) => `w|${bucket}`,
  head: (key: string) => `k|${key}`,
  hour: (key: string, hourStart: number) => `h|${hourStart}|${key}`,
  day: (key: string, dayStart: number) => `d|${dayStart}|${key}`,
  month: (key: string, monthStart: number) => `m|${monthStart}|${key}`,
  directory: (slot: number) => `t|${slot}`,
} as const

/** State entries that must outlive any retention: the head and totals of a quiet key, and the merge marks. */
export const isLastingStateKey = (key: string): boolean => key.startsWith('t|') || key.startsWith('w|') || key.startsWith('k|')

/** Fixed-width text of a stage-2 write's version, so that DynamoDB compares versions as strings. */
export function resultVersion(generation: number, sequenceNumber: string): string {
  return `${String(generation).padStart(4, '0')}:${sequenceNumber.padStart(64, '0')}`
}
