import type { LakeRow, LakeTable } from '@sdp/catalog'

/**
 * Of rows that supersede each other (the table's `latest`), the one with the highest revision of
 * each key, in input order; a table without `latest` keeps every row. Revisions are compared as
 * text (they are fixed-width); of equal revisions the first row stays.
 *
 * @example
 * keepLatest(jobLakeTable('q7'), rows) // one row per (key, window_start, window_end)
 */
export function keepLatest<R extends { readonly row: LakeRow }>(table: LakeTable, rows: readonly R[]): R[] {
  const latest = table.latest
  if (latest === undefined) return [...rows]
  const best = new Map<string, R>()
  for (const r of rows) {
    const key = JSON.stringify(latest.key.map((name) => r.row[name] ?? null))
    const held = best.get(key)
    if (held === undefined || String(r.row[latest.revision]) > String(held.row[latest.revision])) best.set(key, r)
  }
  const kept = new Set(best.values())
  return rows.filter((r) => kept.has(r))
}
