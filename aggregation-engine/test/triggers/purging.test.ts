import t from 'tap'
import { countTrigger } from '../../src/triggers/countTrigger.js'
import { eventTimeTrigger } from '../../src/triggers/eventTimeTrigger.js'
import { purging } from '../../src/triggers/purging.js'
import { triggerFires, triggerPurges } from '../../src/triggers/TriggerResult.js'
import { FakeContext } from './_fakeContext.js'

const window = { start: 0, end: 10 }

t.test('turns every FIRE into FIRE_AND_PURGE and leaves other decisions alone', async (t) => {
  const trigger = purging(countTrigger(2))
  const ctx = new FakeContext()
  t.equal(trigger.onElement(1, window, ctx), 'CONTINUE')
  t.equal(trigger.onElement(1, window, ctx), 'FIRE_AND_PURGE')
  t.equal(trigger.name, 'purging(count(2))')
  const onTime = purging(eventTimeTrigger())
  t.equal(onTime.onEventTime(9, window, ctx), 'FIRE_AND_PURGE')
  t.equal(onTime.onEventTime(3, window, ctx), 'CONTINUE')
  onTime.onElement(1, window, ctx)
  onTime.clear(window, ctx)
  t.equal(ctx.eventTimers.size, 0)
})

t.test('decision helpers', async (t) => {
  t.same(
    (['CONTINUE', 'FIRE', 'PURGE', 'FIRE_AND_PURGE'] as const).map((r) => [triggerFires(r), triggerPurges(r)]),
    [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ],
  )
})
