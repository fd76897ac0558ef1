import t from 'tap'
import { sessionWindows } from '../../src/assigners/sessionWindows.js'
import { InvalidArgumentError } from '../../src/errors.js'

t.test('each element gets [ts, ts + gap) and the assigner merges', async (t) => {
  const s = sessionWindows({ gap: 30 })
  t.same(s.assign(100), [{ start: 100, end: 130 }])
  t.same(s.assign(-5), [{ start: -5, end: 25 }])
  t.equal(s.isMerging, true)
  t.equal(s.name, 'session(30,event)')
  t.equal(s.defaultTrigger().canMerge, true)
  t.equal(sessionWindows({ gap: 30, timeDomain: 'processing' }).defaultTrigger().name, 'processingTime')
})

t.test('the gap must be positive', async (t) => {
  t.throws(() => sessionWindows({ gap: 0 }), new InvalidArgumentError('gap must be a positive integer (milliseconds)'))
  t.throws(() => sessionWindows({ gap: -3 }), InvalidArgumentError)
})
