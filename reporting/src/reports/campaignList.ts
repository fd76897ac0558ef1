import type { ParameterError } from './parseReportQuery.js'
import { CAMPAIGN_ID_MAX_DIGITS, CAMPAIGN_SORT_KEYS, SORT_ORDERS, type CampaignSortKey, type CampaignSummary, type SortOrder } from './responses.js'

/** A validated `GET /reports/campaigns` request. */
export interface CampaignListQuery {
  /** Digits that the campaign id must contain; '' matches every campaign. */
  readonly search: string
  readonly sort: CampaignSortKey
  readonly order: SortOrder
  readonly limit: number
  /** Where the previous page ended, decoded from `cursor`. */
  readonly after: CampaignCursor | undefined
}

/** A keyset position: the sort value and id of the last row of a page. */
export interface CampaignCursor {
  readonly sort: CampaignSortKey
  readonly order: SortOrder
  readonly value: number
  readonly id: number
}

/** One page of campaigns. */
export interface CampaignPage {
  readonly items: readonly CampaignSummary[]
  readonly total: number
  readonly nextCursor: string | null
}

/** Limits of `GET /reports/campaigns`. */
export const CAMPAIGN_LIST_LIMITS = { defaultLimit: 50, maxLimit: 500, maxSearch: CAMPAIGN_ID_MAX_DIGITS } as const

const PARAMETERS = ['search', 'sort', 'order', 'limit', 'cursor']

/** The value a row sorts by; rates without a denominator sort below every rate. */
function sortValue(row: CampaignSummary, key: CampaignSortKey): number {
  const v = row[key]
  return v === null ? -1 : v
}

/** Order of rows: by the sort value in `order`, ties by campaign id ascending (so pages are stable). */
function compare(sort: CampaignSortKey, order: SortOrder) {
  const direction = order === 'asc' ? 1 : -1
  return (a: { value: number; id: number }, b: { value: number; id: number }) => direction * (a.value - b.value) || a.id - b.id
}

/** The opaque cursor for a position (base64url JSON). */
export function encodeCursor(cursor: CampaignCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.id])).toString('base64url')
}

function decodeCursor(raw: string): CampaignCursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (!Array.isArray(v) || v.length !== 4) return undefined
    const [sort, order, value, id] = v as unknown[]
    if (!(CAMPAIGN_SORT_KEYS as readonly unknown[]).includes(sort) || !(SORT_ORDERS as readonly unknown[]).includes(order)) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isSafeInteger(id)) return undefined
    return { sort: sort as CampaignSortKey, order: order as SortOrder, value, id: id as number }
  } catch {
    return undefined
  }
}

/**
 * Validates the query of `GET /reports/campaigns`, naming every bad parameter (unknown ones
 * included). Defaults: no search, sort `bids`, order `desc` (`asc` when sorting by
 * `campaign_item_id`), limit 50 (at most 500), first page.
 */
export function parseCampaignListQuery(
  params: Readonly<Record<string, string | undefined>>,
): { ok: true; query: CampaignListQuery } | { ok: false; errors: ParameterError[] } {
  const errors: ParameterError[] = []
  for (const name of Object.keys(params))
    if (!PARAMETERS.includes(name)) errors.push({ parameter: name, message: `is not a parameter of this endpoint (use ${PARAMETERS.join(', ')})` })
  const search = (params.search ?? '').trim()
  if (!new RegExp(`^\\d{0,${CAMPAIGN_LIST_LIMITS.maxSearch}}$`).test(search)) {
    errors.push({ parameter: 'search', message: `must be digits of a campaign id (at most ${CAMPAIGN_LIST_LIMITS.maxSearch})` })
  }
  const sort = params.sort || 'bids'
  if (!(CAMPAIGN_SORT_KEYS as readonly string[]).includes(sort)) errors.push({ parameter: 'sort', message: `must be one of ${CAMPAIGN_SORT_KEYS.join(', ')}` })
  const order = params.order || (sort === 'campaign_item_id' ? 'asc' : 'desc')
  if (!(SORT_ORDERS as readonly string[]).includes(order)) errors.push({ parameter: 'order', message: 'must be asc or desc' })
  const limit = parseLimit(params.limit, errors)
  const after = parseCursor(params.cursor, sort, order, errors)
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, query: { search, sort: sort as CampaignSortKey, order: order as SortOrder, limit, after } }
}

function parseLimit(raw: string | undefined, errors: ParameterError[]): number {
  const limitRaw = raw || String(CAMPAIGN_LIST_LIMITS.defaultLimit)
  const limit = /^\d{1,4}$/.test(limitRaw) ? Number(limitRaw) : NaN
  if (!(limit >= 1 && limit <= CAMPAIGN_LIST_LIMITS.maxLimit))
    errors.push({ parameter: 'limit', message: `must be an integer from 1 to ${CAMPAIGN_LIST_LIMITS.maxLimit}` })
  return limit
}

/** The cursor of a next page, which must belong to the same sort and order. */
function parseCursor(raw: string | undefined, sort: string, order: string, errors: ParameterError[]): CampaignCursor | undefined {
  if (!raw) return undefined
  const after = decodeCursor(raw)
  if (!after) errors.push({ parameter: 'cursor', message: 'is not a cursor this endpoint returned' })
  else if (after.sort !== sort || after.order !== order)
    errors.push({ parameter: 'cursor', message: `belongs to sort=${after.sort}&order=${after.order}; start again without it` })
  return after
}

/**
 * One page of `campaigns`: those whose id contains `search`, sorted, starting after the cursor
 * (keyset paging: a page boundary stays put when campaigns are added or their counts change).
 */
export function pageCampaigns(campaigns: readonly CampaignSummary[], query: CampaignListQuery): CampaignPage {
  const { sort, order, search, limit, after } = query
  const cmp = compare(sort, order)
  const keyed = campaigns
    .filter((c) => search === '' || String(c.campaign_item_id).includes(search))
    .map((row) => ({ row, value: sortValue(row, sort), id: row.campaign_item_id }))
    .sort(cmp)
  const from = after === undefined ? 0 : firstAfter(keyed, after, cmp)
  const page = keyed.slice(from, from + limit)
  const last = page.at(-1)
  const more = from + limit < keyed.length && last !== undefined
  return {
    items: page.map((k) => k.row),
    total: keyed.length,
    nextCursor: more ? encodeCursor({ sort, order, value: last.value, id: last.id }) : null,
  }
}

/** Index of the first of the sorted `rows` strictly after `cursor` (binary search). */
function firstAfter<T extends { value: number; id: number }>(
  rows: readonly T[],
  cursor: { value: number; id: number },
  cmp: (a: T | typeof cursor, b: T | typeof cursor) => number,
): number {
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cmp(rows[mid] as T, cursor) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
