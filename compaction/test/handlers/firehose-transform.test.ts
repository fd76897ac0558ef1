import t from 'tap'
import { readFileSync } from 'node:fs'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { createFirehoseTransformHandler } from '../../src/firehose/createFirehoseTransformHandler.js'
import { createTelemetry } from '@sdp/service-kit'
import { firehoseTransformHandlerFromEnv } from '../../src/handlers/firehose-transform.js'
import type { FirehoseTransformationEvent } from '../../src/firehose/types.js'
import { startS3 } from '../../../test-support/localServices.js'

const fixture = JSON.parse(
  readFileSync(new URL('../../../test-support/fixtures/firehose-transformation-event.json', import.meta.url), 'utf8'),
) as FirehoseTransformationEvent

t.test('bad records land in errors/ with their reason; a retry rewrites the same object', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const logs: Record<string, unknown>[] = []
  const transform = createFirehoseTransformHandler({
    s3: s3.s3,
    bucket: s3.bucket,
    telemetry: createTelemetry({ serviceName: 'firehose-transform', logSink: (e) => logs.push(e), metricSink: () => {} }),
  })
  const response = await transform(fixture)
  await transform(fixture)
  t.same(
    response.records.map((r) => r.result),
    ['Ok', 'ProcessingFailed'],
  )
  const listed = await s3.s3.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'errors/' }))
  t.equal(listed.Contents?.length, 1)
  const key = listed.Contents?.[0]?.Key ?? ''
  t.match(key, /^errors\/firehose-transform\/dt=2026-11-28\/.+\.json$/)
  const body = JSON.parse(await (await s3.s3.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToString())
  t.match(body, { source: 'firehose-transform', count: 1, records: [{ id: fixture.records[1]?.recordId, reason: /^not JSON/, data: 'bm90IGpzb257' }] })
  t.match(logs[0], { function: 'firehose-transform', ok: 1, failed: 1, refused: [{ reason: /^not JSON/ }] })
})

t.test('the handler requires LAKE_BUCKET', async (t) => {
  t.throws(() => firehoseTransformHandlerFromEnv({}), { name: 'ConfigError', message: 'LAKE_BUCKET is required' })
})
