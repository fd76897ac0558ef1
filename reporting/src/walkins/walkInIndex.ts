/**
 * The walk-in join of one `app_uid`, as pure functions over its entry: an interval join of its
 * location pings with its counted impressions and clicks within ± the locations session timeout.
 *
 * A walk-in is an impression with a ping of the same `app_uid` at most `timeoutMs` before or after
 * it; a walk-in click, the same for a click. Each counts once, at the impression's (click's) event
 * time, in its bid's campaign, however many pings match it. The entry keeps the pings and the
 * impressions and clicks no ping has matched yet, within `timeoutMs + disorderMs` of the newest
 * event time of the `app_uid`: so the result is the same in any arrival order as long as no event
 * arrives more than `disorderMs` behind that newest event time.
 */

/** An impression or click waiting for a ping: `[ts, campaign, tx_id]`. */
export type PendingTouch = [ts: number, campaign: number, txId: string]

/** `[pings, pending impressions, pending clicks, newest event time]`; each list sorted by time. */
export type WalkInEntry = [pings: number[], imps: PendingTouch[], clicks: PendingTouch[], newest: number]

/** A walk-in (`imp`) or walk-in click (`click`) that became true. */
export interface WalkIn {
  readonly kind: 'imp' | 'click'
  readonly campaign: number
  readonly ts: number
  readonly txId: string
}

/** The bounds of the join. */
export interface WalkInBounds {
  /** A ping and an impression (click) join when their event times are at most this far apart. */
  readonly timeoutMs: number
  /** How far behind the newest event time of an `app_uid` its events may still arrive. */
  readonly disorderMs: number
}

const emptyWalkInEntry = (): WalkInEntry => [[], [], [], Number.NEGATIVE_INFINITY]

/** What an event did: the entry to store and the walk-ins it made true. */
export interface WalkInResult {
  readonly entry: WalkInEntry
  readonly walkIns: WalkIn[]
}

/** Adds a location ping: every waiting impression and click within the timeout becomes a walk-in. */
export function applyPing(current: WalkInEntry | undefined, ts: number, bounds: WalkInBounds): WalkInResult {
  const [pings, imps, clicks, newest] = current ?? emptyWalkInEntry()
  const near = ([at]: PendingTouch) => Math.abs(at - ts) <= bounds.timeoutMs
  const walkIns: WalkIn[] = [
    ...imps.filter(near).map(([at, campaign, txId]): WalkIn => ({ kind: 'imp', campaign, ts: at, txId })),
    ...clicks.filter(near).map(([at, campaign, txId]): WalkIn => ({ kind: 'click', campaign, ts: at, txId })),
  ]
  const next: WalkInEntry = [pings.includes(ts) ? pings : insert(pings, ts), imps.filter((p) => !near(p)), clicks.filter((p) => !near(p)), Math.max(newest, ts)]
  return { entry: prune(next, bounds), walkIns }
}

/** Adds a counted impression or click: a walk-in at once when a ping is within the timeout, else it waits for one. */
export function applyTouch(
  current: WalkInEntry | undefined,
  kind: 'imp' | 'click',
  ts: number,
  campaign: number,
  txId: string,
  bounds: WalkInBounds,
): WalkInResult {
  const [pings, imps, clicks, newest] = current ?? emptyWalkInEntry()
  const matched = pings.some((p) => Math.abs(p - ts) <= bounds.timeoutMs)
  const touch: PendingTouch = [ts, campaign, txId]
  const next: WalkInEntry = [
    pings,
    kind === 'imp' && !matched ? insertTouch(imps, touch) : imps,
    kind === 'click' && !matched ? insertTouch(clicks, touch) : clicks,
    Math.max(newest, ts),
  ]
  return { entry: prune(next, bounds), walkIns: matched ? [{ kind, campaign, ts, txId }] : [] }
}

/** Drops what no event within the allowed disorder can match any more. */
function prune(entry: WalkInEntry, bounds: WalkInBounds): WalkInEntry {
  const cutoff = entry[3] - bounds.timeoutMs - bounds.disorderMs
  const keep = <T extends number | PendingTouch>(list: T[]) => (list.length > 0 && at(list[0] as T) < cutoff ? list.filter((x) => at(x) >= cutoff) : list)
  return [keep(entry[0]), keep(entry[1]), keep(entry[2]), entry[3]]
}

const at = (x: number | PendingTouch): number => (typeof x === 'number' ? x : x[0])

function insert(list: readonly number[], ts: number): number[] {
  const i = list.findIndex((x) => x > ts)
  return i < 0 ? [...list, ts] : [...list.slice(0, i), ts, ...list.slice(i)]
}

function insertTouch(list: readonly PendingTouch[], touch: PendingTouch): PendingTouch[] {
  const i = list.findIndex((x) => x[0] > touch[0])
  return i < 0 ? [...list, touch] : [...list.slice(0, i), touch, ...list.slice(i)]
}

/** Reads an entry from the state backend; anything malformed reads as no entry. */
export function readWalkInEntry(value: unknown): WalkInEntry | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined
  const [pings, imps, clicks, newest] = value as unknown[]
  const isTouch = (t: unknown) => Array.isArray(t) && t.length === 3 && typeof t[0] === 'number' && typeof t[1] === 'number' && typeof t[2] === 'string'
  if (!Array.isArray(pings) || !pings.every((p) => typeof p === 'number')) return undefined
  if (!Array.isArray(imps) || !imps.every(isTouch) || !Array.isArray(clicks) || !clicks.every(isTouch)) return undefined
  return typeof newest === 'number' ? (value as WalkInEntry) : undefined
}
