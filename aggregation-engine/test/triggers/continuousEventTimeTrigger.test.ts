import t from 'tap'
import { InvalidArgumentError } from '../../src/errors.js'
import { continuousEventTimeTrigger } from '../../src/triggers/continuousEventTimeTrigger.js'
import { FakeContext } from './_fakeContext.js'

const window = { start: 0, end: 100 }

t.test('the first element schedules an early firing at ts - ts % interval + interval', async (t) => {
  const trigger = continuousEventTimeTrigger(30)
  const ctx = new FakeContext()
  t.equal(trigger.onElement(17, window, ctx), 'CONTINUE')
  t.same(
    [...ctx.eventTimers].sort((a, b) => a - b),
    [30, 99],
  )
  t.equal(ctx.state, 30)
  trigger.onElement(45, window, ctx) // later elements do not move it
  t.equal(ctx.state, 30)
})

t.test('each early firing re-registers one interval later, capped at end - 1', async (t) => {
  const trigger = continuousEventTimeTrigger(30)
  const ctx = new FakeContext()
  trigger.onElement(17, window, ctx)
  t.equal(trigger.onEventTime(30, window, ctx), 'FIRE')
  t.equal(ctx.state, 60)
  t.equal(trigger.onEventTime(60, window, ctx), 'FIRE')
  t.equal(ctx.state, 90)
  t.equal(trigger.onEventTime(90, window, ctx), 'FIRE')
  t.equal(ctx.state, 99)
  t.equal(trigger.onEventTime(99, window, ctx), 'FIRE') // the on-time firing
  t.equal(trigger.onEventTime(75, window, ctx), 'CONTINUE') // a stale time
})

t.test('elements for a window the watermark passed fire at once', async (t) => {
  const ctx = new FakeContext()
  ctx.watermark = 120
  t.equal(continuousEventTimeTrigger(30).onElement(17, window, ctx), 'FIRE')
})

t.test('merge keeps the earliest pending firing; clear removes it', async (t) => {
  const trigger = continuousEventTimeTrigger(30)
  const ctx = new FakeContext()
  ctx.mergedStates = [60, undefined, 30]
  trigger.onMerge(window, ctx)
  t.equal(ctx.state, 30)
  t.ok(ctx.eventTimers.has(30))
  trigger.clear(window, ctx)
  t.equal(ctx.state, undefined)
  t.notOk(ctx.eventTimers.has(30))
})

t.test('interval must be a positive integer', async (t) => {
  t.throws(() => continuousEventTimeTrigger(0), new InvalidArgumentError('interval must be a positive integer (milliseconds)'))
})
