// Runs the job the way a Lambda function does, through the published stream runtime: the window
// handler reads and writes its state segments and dead letters in an object store (here one in
// memory), answers Lambda, and the lake's I/O loads without DuckDB installed.
import { createTelemetry } from '@sdp/service-kit'
import { DeadLetterSink, SegmentStateBackend, createWindowHandler, type ObjectStore } from '@sdp/stream-runtime'
import { LAKE_TABLES } from '@sdp/catalog'
import { FilePartitionCatalog, decodeParquet, encodeParquet, openLocalLake } from '@sdp/catalog/lake'
import type { PartialAccumulator } from '@sdp/aggregation-engine'
import { clicksPerCampaign } from './countJob.js'
import { windowEvent } from './windowEvent.js'

class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>()
  async get(key: string) {
    return this.objects.get(key)
  }
  async put(key: string, body: Uint8Array | string) {
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body)
  }
  async list(prefix: string) {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort()
  }
  async delete(keys: readonly string[]) {
    for (const key of keys) this.objects.delete(key)
  }
}

const store = new MemoryObjectStore()
const written: PartialAccumulator[] = []
const handler = createWindowHandler({
  job: clicksPerCampaign,
  state: new SegmentStateBackend({ store, prefix: 'state/clicks', ancestors: async () => [], retentionMs: 86_400_000 }),
  partials: { write: async (partials) => void written.push(...partials) },
  deadLetters: new DeadLetterSink(store, 'clicks'),
  telemetry: createTelemetry({ serviceName: 'clicks', logSink: () => {}, metricSink: () => {} }),
})

const response = await handler(windowEvent)
// DuckDB is an optional peer of the catalog: without it only the local query front refuses to open.
const lake = await openLocalLake({ s3Directory: 'lake', catalog: new FilePartitionCatalog('catalog') }).then(
  () => 'opened',
  (error: unknown) => String(error),
)
// Parquet is written in pure JavaScript (hyparquet): no native module.
const table = LAKE_TABLES.parquet_clicks
const parquetRows = await decodeParquet(table, encodeParquet(table, []))
process.stdout.write(
  `${JSON.stringify({
    response,
    partials: written.map((p) => ({ id: p.id, campaign: p.key, clicks: p.accumulator })),
    objects: [...store.objects.keys()].sort(),
    parquetRows: parquetRows.length,
    lake,
  })}\n`,
)
