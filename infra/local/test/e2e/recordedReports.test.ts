// The recorded event set through today's platform answers every recorded report request exactly
// as the platform before the second stage answered it (recorded-reports.json).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { startSdpPlatform } from '../../src/sdpPlatform.js'
import { silentLogger } from '../../src/logger.js'
import type { LocalPlatform } from '../../src/localPlatform.js'
import { TEST_PLATFORM, waitFor } from '../_support/harness.js'
import { answerRecordedRequests, RECORDED_LATENESS_MS, recordedRequests } from './recordedReports.js'

const recorded = JSON.parse(readFileSync(new URL('./recorded-reports.json', import.meta.url), 'utf8')) as Record<string, unknown>

t.test('every report answer is the one recorded before the second stage', async (t) => {
  t.same(Object.keys(recorded), recordedRequests(), "the recording answers today's requests")
  let platform: LocalPlatform | undefined
  t.teardown(() => platform?.close())
  platform = await startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir: t.testdir(),
    logger: silentLogger,
    reporting: { ...DEFAULT_REPORTING_CONFIG, allowedLatenessMs: RECORDED_LATENESS_MS },
  })
  const url = platform.url
  await waitFor('/health to answer 200', async () => (await fetch(`${url}/health`)).status === 200, 60_000)
  const walkIns: unknown[] = []
  const answer = async (post: boolean) => withoutWalkIns(await answerRecordedRequests(url, post), walkIns)
  let answers = await answer(true)
  // Totals exact does not mean every hour item of the same batch is written yet: ask again until the answers settle.
  await waitFor('the answers to equal the recorded ones', async () => isDeepStrictEqual((answers = await answer(false)), recorded), 30_000).catch(() => {})
  for (const path of recordedRequests()) t.same(answers[path], recorded[path], path)
  t.ok(walkIns.length > 0 && walkIns.every((n) => n === 0), 'the walk-in counts added since are there, and 0 without location pings')
})

/** `value` without the walk-in counts added to the answers since the recording (collected in `seen`). */
function withoutWalkIns<T>(value: T, seen: unknown[]): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutWalkIns(v, seen)) as T
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === 'walkins' || k === 'walkin_clicks') seen.push(v)
    else out[k] = withoutWalkIns(v, seen)
  }
  return out as T
}
