// untilCaughtUp over consumers whose lags follow a script, one value per check.
import t from 'tap'
import { untilCaughtUp } from '../../src/harness/untilCaughtUp.js'

/**
 * A platform whose consumers report the next of their lags each time they are asked (the last
 * one forever after), and how often the first was asked.
 */
function scripted(lags: Record<string, number[]>) {
  const asked = new Map<string, number>()
  const platform = {
    mappings: Object.entries(lags).map(([name, script]) => ({
      name,
      lagMs: () => {
        const i = asked.get(name) ?? 0
        asked.set(name, i + 1)
        return script[Math.min(i, script.length - 1)] as number
      },
    })),
  } as unknown as Parameters<typeof untilCaughtUp>[0]
  return { platform, checks: () => asked.get(Object.keys(lags)[0] as string) ?? 0 }
}

t.test('resolves after five checks in a row within the bound, with the lags it started from', async (t) => {
  const { platform, checks } = scripted({ stage1: [90_000, 40_000, 1_000], lake: [0] })
  const caughtUp = await untilCaughtUp(platform, 25_000, 5_000, 1)
  t.same(caughtUp.lagsAtStartMs, { stage1: 90_000, lake: 0 })
  t.equal(checks(), 7, 'the lags at the start, one check still behind, then five within')
})

t.test('a lag that dips once and rises again starts the count over', async (t) => {
  const { platform, checks } = scripted({ stage1: [90_000, 0, 0, 0, 0, 30_000, 0] })
  await untilCaughtUp(platform, 25_000, 5_000, 1)
  t.equal(checks(), 11, 'the lags at the start, four checks within, the rise, then five within')
})

t.test('a consumer that stays behind fails by name once the time is up', async (t) => {
  const { platform } = scripted({ stage1: [0], training: [60_000] })
  await t.rejects(untilCaughtUp(platform, 25_000, 20, 1), /more than 25000 ms behind after 20 ms: training 60000 ms/)
})
