import { partitionId, partitionOf, type LakePartition, type LakeRow, type LakeTable } from '@sdp/catalog'

/** Rows grouped by the `dt`/`hour` partition of their time column, in first-seen order. */
export function groupByPartition(table: LakeTable, rows: readonly LakeRow[]): { partition: LakePartition; rows: LakeRow[] }[] {
  const groups = new Map<string, { partition: LakePartition; rows: LakeRow[] }>()
  for (const row of rows) {
    const partition = partitionOf(row[table.timeColumn] as number)
    const id = partitionId(partition)
    let group = groups.get(id)
    if (group === undefined) groups.set(id, (group = { partition, rows: [] }))
    group.rows.push(row)
  }
  return [...groups.values()]
}
