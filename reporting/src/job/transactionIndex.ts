/**
 * The tx_id join and de-duplication index of the ad-tech job, as pure functions over one entry.
 *
 * An entry holds what is known of one transaction: the bid's campaign and the event time of each
 * of its bid, impression and click (the first of each that arrived). Whether an event counts is a
 * function of the facts alone, so the same records give the same counts in any arrival order and
 * whichever invocation processes them.
 */

/**
 * `[campaign, bidTs, impTs, clickTs, impWinPrice, appUid]`; `null` where that event has not been
 * seen. JSON-safe and compact. The impression's price is kept so a joined impression can be
 * written whole when its bid arrives after it; the bid's `app_uid` so a joined impression or
 * click can be forwarded to the walk-in join keyed by it. Entries stored before `appUid` existed
 * have five elements and read as `appUid: null`.
 */
export type TransactionEntry = [number | null, number | null, number | null, number | null, number | null, string | null]

/** The event kinds of a transaction. */
export type TransactionEventKind = 'bid' | 'imp' | 'click'

/** Join windows: an impression joins its bid within `bidTimeoutMs`, a click its impression within `clickTimeoutMs`. */
export interface JoinTimeouts {
  readonly bidTimeoutMs: number
  readonly clickTimeoutMs: number
}

/** A count this event adds to its bid's campaign, at the event time of the counted event. */
export interface Contribution<C = unknown> {
  /** The event whose arrival made this count true (the caller's, passed through). */
  readonly cause: C
  readonly campaign: number
  readonly kind: TransactionEventKind
  readonly ts: number
  /** Event time of the bid it joined (equal to `ts` for a bid). */
  readonly bidTs: number
  /** The impression's clearing price, on impression contributions (when known). */
  readonly winPrice?: number | undefined
  /** The bid's `app_uid` (when known): the key of the walk-in join. */
  readonly appUid?: string | undefined
}

/** What one event did to its transaction. */
export interface ApplyResult<C> {
  readonly entry: TransactionEntry
  readonly duplicate: boolean
  readonly contributions: Contribution<C>[]
}

/** The entry of a transaction nothing is known of yet. */
export const emptyEntry = (): TransactionEntry => [null, null, null, null, null, null]

const NONE: never[] = []
const BID = 1
const IMP = 2
const CLICK = 4

/** Which of bid, impression and click count, as bits: a function of the entry's facts alone. */
function counted(e: TransactionEntry, t: JoinTimeouts): number {
  const bid = e[1]
  const imp = e[2]
  const click = e[3]
  if (bid === null) return 0
  if (imp === null || Math.abs(imp - bid) > t.bidTimeoutMs) return BID
  if (click === null || Math.abs(click - imp) > t.clickTimeoutMs) return BID | IMP
  return BID | IMP | CLICK
}

/**
 * Adds one event to its transaction's entry. A second event of the same kind is a duplicate and
 * changes nothing. The result lists every count that became true: an impression that arrived
 * before its bid is counted when the bid arrives, a click when both its bid and impression have.
 * (Runs once per event: written for speed, every contribution of one shape.)
 */
export function applyEvent<C>(
  entry: TransactionEntry,
  kind: TransactionEventKind,
  ts: number,
  campaign: number | undefined,
  timeouts: JoinTimeouts,
  winPrice?: number,
  cause?: C,
  appUid?: string,
): ApplyResult<C | undefined> {
  const slot = kind === 'bid' ? 1 : kind === 'imp' ? 2 : 3
  if (entry[slot] !== null) return { entry, duplicate: true, contributions: NONE }
  const next: TransactionEntry = [
    kind === 'bid' ? (campaign ?? null) : entry[0],
    slot === 1 ? ts : entry[1],
    slot === 2 ? ts : entry[2],
    slot === 3 ? ts : entry[3],
    kind === 'imp' ? (winPrice ?? null) : entry[4],
    kind === 'bid' ? (appUid ?? null) : entry[5],
  ]
  const added = next[0] === null ? 0 : counted(next, timeouts) & ~counted(entry, timeouts)
  return { entry: next, duplicate: false, contributions: added === 0 ? NONE : contributionsOf(next, added, cause) }
}

/** The contributions `added` (a mask of BID, IMP, CLICK) makes of a transaction now holding `next`. */
function contributionsOf<C>(next: TransactionEntry, added: number, cause: C): Array<Contribution<C>> {
  const campaign = next[0] as number
  const bidTs = next[1] as number
  const appUid = next[5] ?? undefined
  const bid: Contribution<C> | undefined = added & BID ? { cause, campaign, kind: 'bid', ts: bidTs, bidTs, winPrice: undefined, appUid } : undefined
  const imp: Contribution<C> | undefined =
    added & IMP ? { cause, campaign, kind: 'imp', ts: next[2] as number, bidTs, winPrice: next[4] ?? undefined, appUid } : undefined
  const click: Contribution<C> | undefined =
    added & CLICK ? { cause, campaign, kind: 'click', ts: next[3] as number, bidTs, winPrice: undefined, appUid } : undefined
  return exactly(bid, imp, click)
}

/**
 * The contributions that are there, in an array of exactly their number: an array grown by
 * `push` gets room for 17, and this runs for every event.
 */
function exactly<T>(a: T | undefined, b: T | undefined, c: T | undefined): T[] {
  if (a !== undefined) return b !== undefined ? (c !== undefined ? [a, b, c] : [a, b]) : c !== undefined ? [a, c] : [a]
  if (b !== undefined) return c !== undefined ? [b, c] : [b]
  return c !== undefined ? [c] : []
}

/** Reads an entry from external state, treating anything malformed as unknown (and saying so). */
export function readEntry(value: unknown): TransactionEntry | undefined {
  if (!Array.isArray(value) || (value.length !== 5 && value.length !== 6)) return undefined
  for (let i = 0; i < 5; i++) if (value[i] !== null && typeof value[i] !== 'number') return undefined
  if (value.length === 5) return [...(value as (number | null)[]), null] as TransactionEntry
  if (value[5] !== null && typeof value[5] !== 'string') return undefined
  return value as TransactionEntry
}
