import t from 'tap'
import { gunzipSync } from 'node:zlib'
import type { WindowInvocationResult } from '@sdp/aggregation-engine'
import { adTechLakeRows, LAKE_TABLES, type AdTechEmission } from '@sdp/catalog'
import { decodeParquet } from '@sdp/catalog/lake'
import { BucketJsonSink } from '../../src/lake/BucketJsonSink.js'
import { LakeSink } from '../../src/lake/LakeSink.js'
import { lakeBatchName, lakeOutputs } from '../../src/lake/lakeOutputs.js'
import { S3ObjectStore } from '../../src/state/S3ObjectStore.js'
import { startS3 } from '../../../test-support/localServices.js'

const T = Date.parse('2026-11-28T05:59:59Z')
const emitted: AdTechEmission[] = [
  { event: { type: 'bid', tx_id: 't1', app_uid: 'a', campaign_item_id: 7, ts: T }, contributions: [{ campaign: 7, kind: 'bid', ts: T, bidTs: T }] },
  {
    event: { type: 'imp', tx_id: 't1', win_price: 2, ts: T + 2000 },
    contributions: [{ campaign: 7, kind: 'imp', ts: T + 2000, bidTs: T, winPrice: 2 }],
  },
]
const partials = [{ id: 'shardId-000000000001:11-12', key: 7, window: { start: T - 59_000, end: T + 1000 }, accumulator: [1, 1, 0] }]

function invocation(records: string[], withPartials = true) {
  return {
    shardId: 'shardId-000000000001',
    records: records.length > 0 ? { first: records[0], last: records.at(-1) } : undefined,
    emitted: records.length > 0 ? emitted : [],
    partials: withPartials ? partials : [],
  } as unknown as WindowInvocationResult<unknown, AdTechEmission>
}

t.test('the lake sink writes Parquet per partition and JSON copies, named by the records', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const store = new S3ObjectStore(s3.s3, s3.bucket)
  const sink = new LakeSink({ store, json: new BucketJsonSink(store) })
  const outputs = lakeOutputs(sink, (r: WindowInvocationResult<unknown, AdTechEmission>) => adTechLakeRows(r.emitted, r.partials))

  const result = invocation(['11', '12', '13'])
  await outputs(result)
  const keys = await store.list('')
  t.same(
    keys,
    [
      'parquet/aggregates/dt=2026-11-28/hour=05/shardId-000000000001-11-13.parquet',
      'parquet/bcns/dt=2026-11-28/hour=05/shardId-000000000001-11-13.parquet',
      'parquet/bcns/dt=2026-11-28/hour=06/shardId-000000000001-11-13.parquet',
      'parquet/impressions/dt=2026-11-28/hour=06/shardId-000000000001-11-13.parquet',
      'raw/aggregates/dt=2026-11-28/hour=05/shardId-000000000001-11-13.json.gz',
      'raw/impressions/dt=2026-11-28/hour=06/shardId-000000000001-11-13.json.gz',
    ],
    'rows go to the hour of their own time; raw_bcns is left to the Firehose landing',
  )
  const imp = await decodeParquet(LAKE_TABLES.parquet_impressions, (await store.get(keys[3] as string)) as Uint8Array)
  t.same(imp, [{ type: 'imp', tx_id: 't1', win_price: 2, ts: T + 2000, campaign_item_id: 7, bid_ts: T }])
  const raw = gunzipSync((await store.get(keys[4] as string)) as Uint8Array).toString()
  t.equal(raw, `{"campaign_item_id":7,"period":${T - 59_000},"bids":1,"imps":1,"clicks":0,"partial_id":"shardId-000000000001:11-12"}\n`)

  const first = await store.get(keys[1] as string)
  await outputs(result) // the retried invocation
  t.same(await store.list(''), keys, 'a retry rewrites the same objects')
  t.same(await store.get(keys[1] as string), first, 'with the same bytes')

  const flush = invocation([], true)
  t.equal(lakeBatchName(flush), 'shardId-000000000001-11-12-flush', 'a final invoke names its partials by their records')
  const empty = invocation([], false)
  t.equal(lakeBatchName(empty), undefined)
  await outputs(empty)
})
