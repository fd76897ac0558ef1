// A job that dead-letters most of its records is not silent: /health shows each consumer's
// dead letters per record over the last minute.
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { silentLogger } from '../../src/logger.js'
import type { DeadLetterRateSnapshot } from '../../src/metrics/DeadLetterRate.js'
import { TEST_PLATFORM, waitFor } from '../_support/harness.js'

const MOSTLY_BAD = fileURLToPath(new URL('../_support/jobs/mostlyBad.ts', import.meta.url))
type Health = { consumers: Record<string, Partial<DeadLetterRateSnapshot> & { records?: number; deadLetters?: number }> }

t.test('a job that throws on four records in five: a dead-letter rate of 0.8 on /health, its merge stage at 0', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sdp-dlrate-'))
  const platform = await startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir: dir,
    logger: silentLogger,
    jobs: [MOSTLY_BAD],
  })
  t.teardown(async () => {
    await platform.close()
    await rm(dir, { recursive: true, force: true })
  })
  const health = async () => ((await (await fetch(`${platform.url}/health`)).json()) as Health).consumers
  await waitFor('/health to answer 200', async () => (await fetch(`${platform.url}/health`)).status === 200, 60_000)

  const now = Date.now()
  const readings = Array.from({ length: 50 }, (_, n) => ({ n, ts: now + n }))
  await platform.services.kinesis.send(
    new PutRecordsCommand({
      StreamName: platform.streamName,
      Records: readings.map((r) => ({ Data: Buffer.from(JSON.stringify(r)), PartitionKey: `r-${r.n}` })),
    }),
  )
  await waitFor('40 dead letters of job-mostly-bad on /health', async () => ((await health())['job-mostly-bad']?.deadLettersLastMinute ?? 0) >= 40, 60_000)
  const consumers = await health()
  const job = consumers['job-mostly-bad']!
  t.equal(job.recordsLastMinute, 50, 'its records of the last minute, heartbeats left out')
  t.equal(job.deadLettersLastMinute, 40)
  t.equal(job.deadLetterRateLastMinute, 0.8)
  t.equal(job.deadLetters, 40, 'the running totals stay beside it')
  await waitFor('stage 2 to merge the partials', async () => ((await health())['job-mostly-bad-merge']?.recordsLastMinute ?? 0) > 0, 60_000)
  t.equal((await health())['job-mostly-bad-merge']?.deadLetterRateLastMinute, 0, 'stage 2 has its own rate')
  for (const [name, consumer] of Object.entries(consumers)) {
    if (name === 'raw-landing' || name.startsWith('firehose')) continue
    t.type(consumer.deadLetterRateLastMinute, 'number', `${name} reports a rate`)
  }
})
