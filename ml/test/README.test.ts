// The README's examples, run: the library example gives what its comment says, and the curl body
// is answered by the predictions handler.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { runInThisContext } from 'node:vm'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import * as ml from '../src/index.js'
import { MemoryObjectStore } from '../../test-support/memoryObjectStore.js'
import { seq } from './_support/windowEvents.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

t.test('the library example trains a model whose progressive validation is what the comment says', async (t) => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  const [body, comment = ''] = block.split(/\nvalidation\.summary\(\) \/\/ /)
  // The snippet is compiled as a function of the library's exports, in this realm like the tests.
  const source = `(function (${Object.keys(ml).join(', ')}) {\n${body}\nreturn validation.summary()\n})`
  const run = runInThisContext(source, { filename: 'README.md' }) as (...args: unknown[]) => ml.ValidationSummary
  const summary = run(...Object.values(ml))
  t.equal(summary.examples, Number(/examples: (\d+)/.exec(comment)?.[1]))
  for (const field of ['winRate', 'logLoss', 'auc'] as const) {
    const shown = Number(new RegExp(`${field} ≈ ([\\d.]+)`).exec(comment)?.[1])
    t.ok(Math.abs(summary[field] - shown) < 0.01, `${field} ${summary[field].toFixed(4)} ≈ ${shown}`)
  }
})

t.test('the curl example gets a prediction in the documented shape', async (t) => {
  const curl = /curl -X POST http:\/\/127\.0\.0\.1:3000(\/predictions) -H 'content-type: application\/json' -d '([^']*)'/.exec(readme)
  t.ok(curl, 'the curl example is in the README')
  const [, path = '', body = ''] = curl ?? []
  const store = new MemoryObjectStore()
  const trainer = new ml.ShardTrainer({ repository: new ml.ModelRepository(store), features: { hashBits: 18 }, ftrl: ml.DEFAULT_TRAINING_CONFIG.ftrl })
  const bid = JSON.parse(body) as ml.BidFeatures
  await trainer.recordExamples(
    'shardId-000000000000',
    seq(1),
    seq(9),
    Array.from({ length: 9 }, (_, i) => ({ seq: seq(i + 1), txId: `t${i}`, label: i % 3 ? 1 : 0, bidTs: i, bid })),
  )
  await trainer.trainThrough('shardId-000000000000', seq(9))
  const predict = ml.createPredictHandler({ s3: {} as never, bucket: 'unused', store })
  const response = await predict({ httpMethod: 'POST', path, body, isBase64Encoded: false } as APIGatewayProxyEvent)
  t.equal(response.statusCode, 200)
  const shown = JSON.parse(/```json\n(\{"predictions".*\})\n```/.exec(readme)?.[1] ?? '{}') as { predictions: Array<Record<string, number>> }
  const got = JSON.parse(response.body) as typeof shown
  t.same(Object.keys(got.predictions[0] ?? {}).sort(), Object.keys(shown.predictions[0] ?? {}).sort())
  t.equal(got.predictions[0]?.predicted_label, (got.predictions[0]?.score ?? 0) >= 0.5 ? 1 : 0)
})
