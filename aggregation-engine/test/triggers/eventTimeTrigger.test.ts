import t from 'tap'
import { eventTimeTrigger } from '../../src/triggers/eventTimeTrigger.js'
import { FakeContext } from './_fakeContext.js'

const window = { start: 0, end: 10 }

t.test('registers a timer at end - 1 and fires when it goes off', async (t) => {
  const trigger = eventTimeTrigger()
  const ctx = new FakeContext()
  t.equal(trigger.onElement(3, window, ctx), 'CONTINUE')
  t.same([...ctx.eventTimers], [9])
  t.equal(trigger.onEventTime(9, window, ctx), 'FIRE')
  t.equal(trigger.onEventTime(8, window, ctx), 'CONTINUE')
  t.equal(trigger.onProcessingTime(9, window, ctx), 'CONTINUE')
  trigger.clear(window, ctx)
  t.equal(ctx.eventTimers.size, 0)
  t.equal(ctx.state, undefined)
})

t.test('an element for a window the watermark passed fires at once (late firing)', async (t) => {
  const ctx = new FakeContext()
  ctx.watermark = 9
  t.equal(eventTimeTrigger().onElement(3, window, ctx), 'FIRE')
  t.equal(ctx.eventTimers.size, 0)
})

t.test('on merge it re-registers only for a window still ahead of the watermark', async (t) => {
  const ctx = new FakeContext()
  ctx.watermark = 5
  eventTimeTrigger().onMerge({ start: 0, end: 20 }, ctx)
  t.same([...ctx.eventTimers], [19])
  const late = new FakeContext()
  late.watermark = 30
  eventTimeTrigger().onMerge({ start: 0, end: 20 }, late)
  t.equal(late.eventTimers.size, 0)
})
