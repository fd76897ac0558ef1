import { randomUUID } from 'node:crypto'
import {
  compactedPrefix,
  partitionId,
  rowIdentity,
  type LakePartition,
  type LakeRow,
  type LakeTable,
} from '@sdp/catalog'
import {
  decodeParquet,
  encodeParquet,
  type ManifestFile,
  type PartitionManifest,
} from '@sdp/catalog/lake'
import { COMPACTION_DEFAULTS } from '../constants.js'
import { CompactionError } from '../errors.js'
import { collectGarbage, listLive } from './collectGarbage.js'
import { binRows, planCompaction } from './planCompaction.js'
import { mapLimit } from './_internal/mapLimit.js'
import type { CompactionOptions, PartitionReport, PartitionStatus } from './types.js'

/** Input objects fetched at once: enough to hide S3 latency, few enough for Lambda's sockets. */
const READ_CONCURRENCY = 16

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/**
 * Compacts one partition of a Parquet table, crash-safe and concurrency-safe:
 * 1. takes the partition's lease (skips the partition when another compaction holds it);
 * 2. plans from the committed manifest and the live objects (`planCompaction`);
 * 3. reads the inputs, keeps the first row of each identity (identities of kept files count as
 *    seen), sorts by time and identity, and writes the outputs — and copies of the kept files — to
 *    a new folder `compacted/dt=/hour=/v<next>-<attempt>/`, which no reader looks at yet;
 * 4. commits the new manifest (outputs visible, merged live objects hidden) in one compare-and-swap
 *    step; a lost swap deletes its own outputs and changes nothing;
 * 5. deletes what earlier commits made unreachable, past the delay (`collectGarbage`).
 * A crash after any step leaves readers on the last committed state; a re-run converges.
 */
export async function compactPartition(options: CompactionOptions, table: LakeTable, partition: LakePartition): Promise<PartitionReport> {
  const { store, catalog, lease } = options
  const now = options.now ?? Date.now
  const target = options.targetBytes ?? COMPACTION_DEFAULTS.targetBytes
  const delay = options.deleteDelayMs ?? COMPACTION_DEFAULTS.deleteDelayMs
  const step = async (name: Parameters<NonNullable<CompactionOptions['onStep']>>[0]) => options.onStep?.(name, table, partition)
  const report = (status: PartitionStatus, version: number, extra: Partial<PartitionReport> = {}): PartitionReport => ({
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
  })

  const token = await lease.acquire(`${table.name}/${partitionId(partition)}`, options.leaseTtlMs ?? COMPACTION_DEFAULTS.leaseTtlMs)
  if (token === undefined) return report('leased', 0)
  try {
    await step('leased')
    const manifest = await catalog.current(table.name, partition)
    const version = manifest?.version ?? 0
    const plan = planCompaction(manifest, await listLive(store, table, partition), target, options.keepRatio ?? COMPACTION_DEFAULTS.keepRatio)
    if (!plan.worthwhile) {
      const deleted = manifest ? await collectGarbage(store, table, partition, manifest, now(), delay) : 0
      return report('up-to-date', version, { deleted })
    }
    await step('planned')

    const read = async (key: string, columns?: readonly string[]) => {
      const bytes = await store.get(key)
      if (bytes === undefined) throw new CompactionError(`input ${key} of ${table.name} ${partitionId(partition)} is missing`)
      return decodeParquet(table, bytes, columns === undefined ? {} : { columns })
    }
    // Inputs are fetched and decoded concurrently, then de-duplicated in key order (deterministic).
    const seen = new Set<string>()
    for (const rows of await mapLimit(plan.keep, READ_CONCURRENCY, (f) => read(f.key, table.identity))) {
      for (const row of rows) seen.add(rowIdentity(table, row))
    }
    const rows: { id: string; row: LakeRow }[] = []
    let rowsIn = 0
    const inputs = [...plan.merge].sort((a, b) => (a.key < b.key ? -1 : 1))
    for (const decoded of await mapLimit(inputs, READ_CONCURRENCY, (input) => read(input.key))) {
      for (const row of decoded) {
        rowsIn++
        const id = rowIdentity(table, row)
        if (seen.has(id)) continue
        seen.add(id)
        rows.push({ id, row })
      }
    }
    const time = table.timeColumn
    rows.sort((a, b) => ((a.row[time] as number) - (b.row[time] as number)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const bytesIn = plan.merge.reduce((sum, f) => sum + f.bytes, 0)

    const next = version + 1
    const location = `${compactedPrefix(table, partition)}v${pad(next, 9)}-${(options.attemptId ?? (() => randomUUID().slice(0, 8)))()}/`
    const written: ManifestFile[] = []
    const bins = binRows(rows, bytesIn, rowsIn, target)
    for (const [k, bin] of bins.entries()) {
      const body = encodeParquet(table, bin.map((r) => r.row))
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
    await step('written')

    const committed: PartitionManifest = {
      table: table.name,
      partition,
      version: next,
      location,
      files: [...carried, ...written],
      replaced: [...new Set([...(manifest?.replaced ?? []), ...plan.fresh])].sort(),
      committedAt: now(),
    }
    const stats = {
      filesIn: plan.merge.length,
      filesOut: written.length,
      bytesIn,
      bytesOut: written.reduce((sum, f) => sum + f.bytes, 0),
      rowsIn,
      rowsOut: rows.length,
      duplicatesDropped: rowsIn - rows.length,
    }
    if (!(await catalog.commit(committed))) {
      await store.delete([...written, ...carried].map((f) => f.key))
      return report('lost-race', version, stats)
    }
    await step('committed')
    const deleted = await collectGarbage(store, table, partition, committed, now(), delay)
    await step('cleaned')
    return report('compacted', next, { ...stats, deleted })
  } finally {
    await lease.release(token)
  }
}
