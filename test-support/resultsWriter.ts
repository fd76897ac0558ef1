// Lays down result items the way the second stage does (packed records merged once, absolute
// values written under a rising version), for tests of the readers of the results table.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Json, PartialAccumulator } from '@sdp/aggregation-engine'
import { ResultsTable, mergePartials, packPartials, resultVersion } from '@sdp/stream-runtime'

// Element-wise, a missing element counting 0: items of three counts merge with those of five.
const sum = (a: Json, b: Json): Json => {
  const x = a as number[]
  const y = b as number[]
  return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => (x[i] ?? 0) + (y[i] ?? 0))
}

/** Writes partials as stage 2 would merge them; a partial id is `<source>:<first>-<last>`, and a resent id counts once. */
export class ResultsWriter {
  private readonly state = new Map<string, Json>()
  private version = 0
  readonly table: ResultsTable

  constructor(dynamodb: Pick<DynamoDBClient, 'send'>, tableName: string) {
    this.table = new ResultsTable({ dynamodb, tableName })
  }

  async write(partials: readonly PartialAccumulator[]): Promise<void> {
    const bySource = new Map<string, PartialAccumulator[]>()
    for (const p of partials) {
      const source = p.id.slice(0, p.id.indexOf(':'))
      bySource.set(source, [...(bySource.get(source) ?? []), p])
    }
    for (const [source, list] of bySource) {
      const records = packPartials(list, source)
        .flat()
        .map((record) => ({ record, arrivalTime: Date.now() }))
      const merged = mergePartials(records, this.state, sum, Number.MAX_SAFE_INTEGER)
      for (const [k, v] of merged.writes) this.state.set(k, v)
      await this.table.write(merged.items, resultVersion(0, String(++this.version)))
    }
  }
}
