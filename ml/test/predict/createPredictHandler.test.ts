// The predictions API against s3rver: 503 before any model, 400 before availability, 200 after, refresh.
import t from 'tap'
import { readFileSync } from 'node:fs'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { S3ObjectStore } from '@sdp/stream-runtime'
import { createPredictHandler } from '../../src/predict/createPredictHandler.js'
import { ShardTrainer } from '../../src/training/ShardTrainer.js'
import { ModelRepository } from '../../src/store/ModelRepository.js'
import { MlError } from '../../src/errors.js'
import { createLogger, type LogRecord } from '@sdp/service-kit'
import { seq } from '../_support/windowEvents.js'
import { startS3 } from '../../../test-support/localServices.js'

const fixture: APIGatewayProxyEvent = JSON.parse(readFileSync(new URL('../../../test-support/fixtures/apigw-proxy-post-bid.json', import.meta.url), 'utf8'))
const post = (body: unknown, method = 'POST', path = '/predictions'): APIGatewayProxyEvent => ({
  ...fixture,
  resource: path,
  path,
  httpMethod: method,
  body: typeof body === 'string' ? body : JSON.stringify(body),
})
const bid = {
  campaignItemId: '1463517',
  domain: 'www.google.com',
  creativeId: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
  creativeCategory: 'testCreativeCategory',
  winPrice: 1,
}
const FEATURES = { hashBits: 18 }
const FTRL = { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 }

t.test('predictions API over s3rver', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  let clock = 0
  const predict = createPredictHandler({ s3: s3.s3, bucket: s3.bucket, now: () => clock, refreshMs: 5_000 })
  const call = async (event: APIGatewayProxyEvent) => {
    const r = await predict(event)
    return { status: r.statusCode, headers: r.headers ?? {}, body: JSON.parse(r.body) }
  }
  const trainer = new ShardTrainer({ repository: new ModelRepository(new S3ObjectStore(s3.s3, s3.bucket)), features: FEATURES, ftrl: FTRL, holdoutEvery: 0 })
  const train = async (from: number, count: number, label: 0 | 1) => {
    const examples = Array.from({ length: count }, (_, i) => ({
      seq: seq(from + i),
      txId: `tx-${from + i}`,
      label,
      bidTs: 1_795_831_442_000 + i,
      bid: {
        campaignItemId: 1463517,
        domain: 'www.google.com',
        creativeId: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
        creativeCategory: 'testCreativeCategory',
        winPrice: 1,
      },
    }))
    await trainer.recordExamples('shardId-000000000000', seq(from), seq(from + count - 1), examples)
    return trainer.trainThrough('shardId-000000000000', seq(from + count - 1))
  }

  t.test('before any training: a valid request gets a clear 503; an invalid one still gets its 400', async (t) => {
    const r = await call(post(bid))
    t.equal(r.status, 503)
    t.match(r.body.error, /no bid-win model yet: models\/bid-win\/latest\.json does not exist/)
    t.ok(r.headers['retry-after'])
    const bad = await call(post({ ...bid, winPrice: 'one', domain: undefined }))
    t.equal(bad.status, 400)
    t.same(
      bad.body.errors.map((e: { field: string }) => e.field),
      ['domain', 'winPrice'],
    )
  })

  t.test('after training: one prediction per bid, in the linear-learner shape, ids hashed alike', async (t) => {
    await train(1, 200, 1)
    clock += 5_000
    const one = await call(post(bid))
    t.equal(one.status, 200)
    t.equal(one.body.predictions.length, 1)
    const [p] = one.body.predictions
    t.ok(p.score > 0.5 && p.score < 1)
    t.equal(p.predicted_label, 1)
    t.match(one.headers['x-model-version'], /^v000000000200-/)
    const many = await call(post([bid, { ...bid, campaignItemId: 1463517 }, { ...bid, campaignItemId: 'unknown', domain: null, winPrice: null }]))
    t.equal(many.body.predictions.length, 3)
    t.equal(many.body.predictions[1].score, p.score, 'a number and a string id are the same feature')
    t.same(Object.keys(many.body.predictions[2]).sort(), ['predicted_label', 'score'])
  })

  t.test('the model is cached, and refreshed when latest changes once the refresh interval has passed', async (t) => {
    const before = await call(post(bid))
    await train(201, 400, 0)
    t.equal((await call(post(bid))).headers['x-model-version'], before.headers['x-model-version'], 'not checked again within the interval')
    clock += 5_000
    const after = await call(post(bid))
    t.match(after.headers['x-model-version'], /^v000000000600-/)
    t.ok(after.body.predictions[0].score < before.body.predictions[0].score)
  })

  t.test('the threshold decides the label', async (t) => {
    const strict = createPredictHandler({ s3: s3.s3, bucket: s3.bucket, threshold: 0.999 })
    const r = JSON.parse((await strict(post(bid))).body)
    t.equal(r.predictions[0].predicted_label, 0)
  })

  t.test('other routes and methods', async (t) => {
    t.equal((await call(post(bid, 'GET'))).status, 405)
    t.equal((await call(post(bid, 'POST', '/elsewhere'))).status, 404)
    const encoded = await call({ ...post(bid), body: Buffer.from(JSON.stringify(bid)).toString('base64'), isBase64Encoded: true })
    t.equal(encoded.status, 200)
  })
})

t.test('settings are checked at the door', async (t) => {
  t.throws(() => createPredictHandler({ s3: {} as never, bucket: 'b', threshold: 2 }), MlError)
  t.throws(() => createPredictHandler({ s3: {} as never, bucket: 'b', refreshMs: -1 }), MlError)
})

t.test('a model store that fails answers the shared 503, logged', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const lines: LogRecord[] = []
  // s3rver holds no such bucket: every read of the model fails, as with a bucket deleted or denied on AWS
  const predict = createPredictHandler({
    s3: s3.s3,
    bucket: 'no-such-bucket',
    logger: createLogger({ serviceName: 'predictions', sink: (l) => lines.push(l) }),
  })
  const r = await predict(post(bid))
  t.equal(r.statusCode, 503)
  t.equal(r.headers?.['retry-after'], '5')
  t.same(JSON.parse(r.body), { error: 'unavailable', message: 'the model store is unavailable; retry after 5 s' })
  t.match(lines, [{ level: 'ERROR', message: 'the model store is unavailable', error: { name: 'NoSuchBucket' } }])
})
