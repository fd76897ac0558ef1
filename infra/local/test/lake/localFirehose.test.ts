import t from 'tap'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { FilePartitionCatalog, openLocalLake } from '@sdp/catalog/lake'
import { createLocalFirehose } from '../../src/lake/localFirehose.js'
import { startS3 } from '../../../../test-support/localServices.js'

const fixture = JSON.parse(readFileSync(new URL('../../../../test-support/fixtures/kinesis-tumbling-window-event.json', import.meta.url), 'utf8'))
const heartbeat = {
  kinesis: {
    data: Buffer.from(JSON.stringify({ type: 'heartbeat', ts: 1795831445000, shard_id: 'shardId-000000000000' })).toString('base64'),
    sequenceNumber: '49590338271490256608559692538361571095921575989136588902',
    approximateArrivalTimestamp: 1795831445.0,
    partitionKey: 'hb',
  },
}

t.test('the local Firehose stand-in lands raw_bcns like Firehose, with the same transformation', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const deliver = createLocalFirehose({ s3: s3.s3, bucket: s3.bucket })
  const event = { ...fixture, Records: [...fixture.Records, heartbeat] }
  t.same(await deliver(event), { state: {}, batchItemFailures: [] })
  await deliver(event) // a retried batch
  const keys = ((await s3.s3.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key)
  const name = 'shardId-000000000000-49590338271490256608559692538361571095921575989136588898-49590338271490256608559692538361571095921575989136588902'
  t.same(
    keys,
    [`errors/firehose-transform/dt=2026-11-28/${name}.json`, `raw/bcns/dt=2026-11-28/hour=02/${name}.json.gz`],
    'one object per partition, a retry rewrites it',
  )
  const dead = JSON.parse(await (await s3.s3.send(new GetObjectCommand({ Bucket: s3.bucket, Key: keys[0] }))).Body!.transformToString())
  t.match(dead, { count: 1, records: [{ id: '49590338271490256608559692538361571095921575989136588901', reason: /^not JSON/ }] })

  const dir = await mkdtemp(join(tmpdir(), 'sdp-catalog-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const lake = await openLocalLake({ s3Directory: s3.directory, bucket: s3.bucket, catalog: new FilePartitionCatalog(dir) })
  t.teardown(() => lake.close())
  const { rows } = await lake.query('select type, count(*) from raw_bcns group by type order by type')
  t.same(
    rows,
    [
      ['bid', '1'],
      ['click', '1'],
      ['imp', '1'],
    ],
    'the heartbeat is dropped, the bad record refused',
  )
  t.same((await lake.query(`select campaign_item_id, dt, hour from raw_bcns where type = 'bid'`)).rows, [['1463517', '2026-11-28', '02']])
  t.same(await deliver({ ...fixture, Records: [] }), { state: {}, batchItemFailures: [] }, 'an empty final invoke writes nothing')
})

t.test('compaction on a timer inside the platform', async (t) => {
  const { startCompactionSchedule } = await import('../../src/lake/startCompactionSchedule.js')
  const s3 = await startS3()
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-schedule-'))
  t.teardown(async () => {
    await s3.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  const reports: unknown[] = []
  let twoRuns = () => {}
  const ran = new Promise<void>((resolve) => (twoRuns = resolve))
  const onReport = (r: unknown) => {
    if (reports.push(r) === 2) twoRuns()
  }
  const schedule = startCompactionSchedule({ s3: s3.s3, dataDir, intervalMs: 20, onReport, onError: (e) => t.fail(String(e)) })
  await ran
  await schedule.stop()
  t.ok(reports.length >= 2, `${reports.length} runs: it runs again on its timer`)
})
