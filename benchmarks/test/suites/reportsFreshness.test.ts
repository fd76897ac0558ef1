import t from 'tap'
import { measureFreshness } from '../../src/suites/reportsFreshness.js'

t.test('measures the time from the last event to exact reports, against two windows + 3 s', async (t) => {
  const f = await measureFreshness({ windowSeconds: 1, trials: 2, seconds: 1, transactionsPerSecond: 30, campaigns: 3 })
  t.equal(f.trials.length, 2)
  t.equal(f.boundMs, 5_000, '1 s + 1 s + 3 s')
  t.ok(
    f.trials.every((trial) => trial.exactAfterMs >= 0 && trial.polls >= 1),
    'each trial ended exact',
    { f },
  )
  t.equal(f.maxMs, Math.max(...f.trials.map((trial) => trial.exactAfterMs)))
})
