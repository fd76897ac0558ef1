import { randomUUID } from 'node:crypto'
import { compactedPrefix, partitionId, rowIdentity, type LakePartition, type LakeRow, type LakeTable } from '@sdp/catalog'
import { decodeParquet, encodeParquet, type ManifestFile, type PartitionManifest } from '@sdp/catalog/lake'
import { COMPACTION_DEFAULTS } from '../constants.js'
import { CompactionError } from '../errors.js'
import { collectGarbage, listLive } from './collectGarbage.js'
import { keepLatest } from './keepLatest.js'
import { binRows, planCompaction, type CompactionPlan } from './planCompaction.js'
import pLimit from 'p-limit'
import type { CompactionOptions, CompactionStep, PartitionReport, PartitionStatus } from './types.js'

/** Input objects fetched at once: enough to hide S3 latency, few enough for Lambda's sockets. */
const READ_CONCURRENCY = 16

/** `items.map(fn)` with at most READ_CONCURRENCY reads in flight; results in input order. */
function mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(READ_CONCURRENCY)
  return Promise.all(items.map((item) => limit(() => fn(item))))
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/**
 * Compacts one partition of a Parquet table, crash-safe and concurrency-safe:
 * 1. takes the partition's lease (skips the partition when another compaction holds it);
 * 2. plans from the committed manifest and the live objects (`planCompaction`);
 * 3. reads the inputs, keeps the first row of each identity (identities of kept files count as
 *    seen) — and of a table whose rows supersede each other (`latest`, a user job's), only each
 *    key's highest revision, reading every file of the partition —, sorts by time and identity, and writes the outputs — and copies of the kept files — to
 *    a new folder `compacted/dt=/hour=/v<next>-<attempt>/`, which no reader looks at yet;
 * 4. commits the new manifest (outputs visible, merged live objects hidden) in one compare-and-swap
 *    step; a lost swap deletes its own outputs and changes nothing;
 * 5. deletes what earlier commits made unreachable, past the delay (`collectGarbage`).
 * A crash after any step leaves readers on the last committed state; a re-run converges.
 */
export async function compactPartition(options: CompactionOptions, table: LakeTable, partition: LakePartition): Promise<PartitionReport> {
  const run = startRun(options, table, partition)
  const token = await options.lease.acquire(`${table.name}/${partitionId(partition)}`, options.leaseTtlMs ?? COMPACTION_DEFAULTS.leaseTtlMs)
  if (token === undefined) return run.report('leased', 0)
  try {
    await run.step('leased')
    return await compactLeased(run)
  } finally {
    await options.lease.release(token)
  }
}

/** One partition's compaction: its table and partition, the options with their defaults resolved. */
interface PartitionRun {
  readonly options: CompactionOptions
  readonly table: LakeTable
  readonly partition: LakePartition
  readonly now: () => number
  readonly targetBytes: number
  readonly deleteDelayMs: number
  /** Announces a finished step (`onStep`: tests inject crashes there). */
  readonly step: (name: CompactionStep) => Promise<void>
  readonly report: (status: PartitionStatus, version: number, extra?: Partial<PartitionReport>) => PartitionReport
}

/** The rows a compaction writes, de-duplicated and in output order, with the input figures. */
interface MergedRows {
  readonly rows: { id: string; row: LakeRow }[]
  readonly rowsIn: number
  readonly bytesIn: number
}

/** A new version's folder and files, written but not yet visible. */
interface WrittenVersion {
  readonly location: string
  readonly written: ManifestFile[]
  readonly carried: ManifestFile[]
}

function startRun(options: CompactionOptions, table: LakeTable, partition: LakePartition): PartitionRun {
  return {
    options,
    table,
    partition,
    now: options.now ?? Date.now,
    targetBytes: options.targetBytes ?? COMPACTION_DEFAULTS.targetBytes,
    deleteDelayMs: options.deleteDelayMs ?? COMPACTION_DEFAULTS.deleteDelayMs,
    step: async (name) => options.onStep?.(name, table, partition),
    report: (status, version, extra = {}) => ({
      table: table.name,
      partition,
      status,
      version,
      filesIn: 0,
      filesOut: 0,
      bytesIn: 0,
      bytesOut: 0,
      rowsIn: 0,
      rowsOut: 0,
      duplicatesDropped: 0,
      deleted: 0,
      ...extra,
    }),
  }
}

/** Steps 2 to 5, under the lease. */
async function compactLeased(run: PartitionRun): Promise<PartitionReport> {
  const { store, catalog } = run.options
  const manifest = await catalog.current(run.table.name, run.partition)
  const version = manifest?.version ?? 0
  const planned = planCompaction(
    manifest,
    await listLive(store, run.table, run.partition),
    run.targetBytes,
    run.options.keepRatio ?? COMPACTION_DEFAULTS.keepRatio,
  )
  // Rows that supersede each other may sit in any file: a pass that runs reads them all.
  const plan = run.table.latest && planned.worthwhile ? { ...planned, keep: [], merge: [...planned.merge, ...planned.keep] } : planned
  if (!plan.worthwhile) {
    const deleted = manifest ? await collectGarbage(store, run.table, run.partition, manifest, run.now(), run.deleteDelayMs) : 0
    return run.report('up-to-date', version, { deleted })
  }
  await run.step('planned')

  const merged = await mergeInputs(run, plan)
  const next = version + 1
  const files = await writeVersion(run, plan, merged, next)
  await run.step('written')

  const stats = {
    filesIn: plan.merge.length,
    filesOut: files.written.length,
    bytesIn: merged.bytesIn,
    bytesOut: files.written.reduce((sum, f) => sum + f.bytes, 0),
    rowsIn: merged.rowsIn,
    rowsOut: merged.rows.length,
    duplicatesDropped: merged.rowsIn - merged.rows.length,
  }
  const committed = await commitVersion(run, manifest, plan, files, next)
  if (committed === undefined) return run.report('lost-race', version, stats)
  await run.step('committed')
  const deleted = await collectGarbage(store, run.table, run.partition, committed, run.now(), run.deleteDelayMs)
  await run.step('cleaned')
  return run.report('compacted', next, { ...stats, deleted })
}

/**
 * Step 3, reading: the identities of the kept files count as seen; the inputs to merge are read in
 * key order (so which duplicate is kept is deterministic), each identity's first row kept, and the
 * rows sorted by time, then identity.
 */
async function mergeInputs(run: PartitionRun, plan: CompactionPlan): Promise<MergedRows> {
  const { table, partition } = run
  const read = async (key: string, columns?: readonly string[]) => {
    const bytes = await run.options.store.get(key)
    if (bytes === undefined) throw new CompactionError(`input ${key} of ${table.name} ${partitionId(partition)} is missing`)
    return decodeParquet(table, bytes, columns === undefined ? {} : { columns })
  }
  // Inputs are fetched and decoded concurrently, then de-duplicated in key order (deterministic).
  const seen = new Set<string>()
  for (const rows of await mapLimit(plan.keep, (f) => read(f.key, table.identity))) {
    for (const row of rows) seen.add(rowIdentity(table, row))
  }
  const rows: { id: string; row: LakeRow }[] = []
  let rowsIn = 0
  const inputs = [...plan.merge].sort((a, b) => (a.key < b.key ? -1 : 1))
  for (const decoded of await mapLimit(inputs, (input) => read(input.key))) {
    for (const row of decoded) {
      rowsIn++
      const id = rowIdentity(table, row)
      if (seen.has(id)) continue
      seen.add(id)
      rows.push({ id, row })
    }
  }
  const time = table.timeColumn
  // Not spread into a call: a partition holds far more rows than a call takes arguments.
  const kept = keepLatest(table, rows)
  kept.sort((a, b) => (a.row[time] as number) - (b.row[time] as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { rows: kept, rowsIn, bytesIn: plan.merge.reduce((sum, f) => sum + f.bytes, 0) }
}

/**
 * Step 3, writing: the rows cut into files near the target size, and copies of the kept files,
 * all in the new folder `v<next>-<attempt>/` that no reader looks at before the commit.
 */
async function writeVersion(run: PartitionRun, plan: CompactionPlan, merged: MergedRows, next: number): Promise<WrittenVersion> {
  const { store, attemptId } = run.options
  const location = `${compactedPrefix(run.table, run.partition)}v${pad(next, 9)}-${(attemptId ?? (() => randomUUID().slice(0, 8)))()}/`
  const written: ManifestFile[] = []
  const bins = binRows(merged.rows, merged.bytesIn, merged.rowsIn, run.targetBytes)
  for (const [k, bin] of bins.entries()) {
    const body = encodeParquet(
      run.table,
      bin.map((r) => r.row),
    )
    const key = `${location}part-${pad(next, 9)}-${pad(k, 5)}.parquet`
    await store.put(key, body, 'application/vnd.apache.parquet')
    written.push({ key, bytes: body.byteLength, rows: bin.length })
  }
  const carried: ManifestFile[] = []
  for (const f of plan.keep) {
    const key = `${location}${f.key.slice(f.key.lastIndexOf('/') + 1)}`
    await store.copy(f.key, key)
    carried.push({ ...f, key })
  }
  return { location, written, carried }
}

/**
 * Step 4: the manifest of version `next` (the new files visible, the merged live objects hidden)
 * in one compare-and-swap step. A lost swap deletes this attempt's files and returns undefined.
 */
async function commitVersion(
  run: PartitionRun,
  manifest: PartitionManifest | undefined,
  plan: CompactionPlan,
  files: WrittenVersion,
  next: number,
): Promise<PartitionManifest | undefined> {
  const committed: PartitionManifest = {
    table: run.table.name,
    partition: run.partition,
    version: next,
    location: files.location,
    files: [...files.carried, ...files.written],
    replaced: [...new Set([...(manifest?.replaced ?? []), ...plan.fresh])].sort(),
    committedAt: run.now(),
  }
  if (await run.options.catalog.commit(committed)) return committed
  await run.options.store.delete([...files.written, ...files.carried].map((f) => f.key))
  return undefined
}
