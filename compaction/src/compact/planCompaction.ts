import type { ManifestFile, PartitionManifest } from '@sdp/catalog/lake'
import type { LakeObject } from '@sdp/catalog/lake'

/** An input of a compaction: a committed compacted file or a live object. */
export interface PlannedInput {
  readonly key: string
  readonly bytes: number
}

/** Which files a compaction of one partition keeps, merges and hides. */
export interface CompactionPlan {
  /** Committed files already near the target: carried into the new version as they are. */
  readonly keep: readonly ManifestFile[]
  /** Small committed files and every live object not merged yet: read, de-duplicated, rewritten. */
  readonly merge: readonly PlannedInput[]
  /** Live objects merged by this plan: hidden from readers once it commits. */
  readonly fresh: readonly string[]
  /** Whether there is anything to do. */
  readonly worthwhile: boolean
}

/**
 * Plans the compaction of one partition from its committed manifest and its live objects: merge
 * every live object the manifest has not replaced yet, together with the committed files smaller
 * than `keepRatio × targetBytes`; keep the bigger committed files. Nothing to do when no live
 * object is new and at most one small committed file exists (a pass over a compacted partition
 * with nothing new is free).
 */
export function planCompaction(manifest: PartitionManifest | undefined, live: readonly LakeObject[], targetBytes: number, keepRatio: number): CompactionPlan {
  const replaced = new Set(manifest?.replaced ?? [])
  const fresh = live.filter((o) => !replaced.has(o.key))
  const committed = manifest?.files ?? []
  const keepBytes = keepRatio * targetBytes
  const keep = committed.filter((f) => f.bytes >= keepBytes)
  const merge = [
    ...committed.filter((f) => f.bytes < keepBytes).map((f) => ({ key: f.key, bytes: f.bytes })),
    ...fresh.map((o) => ({ key: o.key, bytes: o.size })),
  ]
  return { keep, merge, fresh: fresh.map((o) => o.key), worthwhile: fresh.length > 0 || merge.length > 1 }
}

/**
 * Cuts rows into output files near `targetBytes`, estimating each row's encoded size from the
 * inputs (bytes per row): every output but the last holds about the target.
 */
export function binRows<T>(rows: readonly T[], inputBytes: number, inputRows: number, targetBytes: number): T[][] {
  if (rows.length === 0) return []
  const perRow = Math.max(1, inputBytes / Math.max(1, inputRows))
  const rowsPerFile = Math.max(1, Math.floor(targetBytes / perRow))
  const bins: T[][] = []
  for (let i = 0; i < rows.length; i += rowsPerFile) bins.push(rows.slice(i, i + rowsPerFile))
  return bins
}
