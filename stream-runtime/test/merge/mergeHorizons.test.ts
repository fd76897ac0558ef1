import t from 'tap'
import { mergeHorizons } from '../../src/merge/mergeHorizons.js'

const DAY = 86_400_000

t.test('a second stage takes partials for the lateness plus a day, and keeps state a day longer', async (t) => {
  t.same(mergeHorizons(0), { horizonMs: DAY, retentionMs: 2 * DAY })
  t.same(mergeHorizons(2 * 365 * DAY), { horizonMs: 731 * DAY, retentionMs: 732 * DAY })
})
