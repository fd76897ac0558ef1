import t from 'tap'
import { runWindowInvocation } from '@sdp/aggregation-engine'
import { adTechJob, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { adTechBatch, parseOnlyJob } from '../../../src/suites/engine.js'

t.test('the parse-only job parses and dead-letters like the job it wraps, and produces nothing', async (t) => {
  const batch = adTechBatch(300, 7)
  const bad = { kinesis: { ...batch.Records[0]!.kinesis, sequenceNumber: '9'.repeat(56), data: Buffer.from('{"type":"bid"}').toString('base64') } }
  const event = { ...batch, Records: [...batch.Records, bad] }
  const job = adTechJob(DEFAULT_REPORTING_CONFIG)
  const full = runWindowInvocation(event, job, new Map())
  const only = runWindowInvocation(event, parseOnlyJob(job), new Map())
  t.equal(only.counters.events, full.counters.events)
  t.equal(only.counters.events, 300)
  t.same(only.deadLetters, full.deadLetters)
  t.equal(only.deadLetters.length, 1)
  t.same([only.partials, only.emitted, only.late], [[], [], []])
})
