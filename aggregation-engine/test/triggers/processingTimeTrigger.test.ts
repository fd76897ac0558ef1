import t from 'tap'
import { processingTimeTrigger } from '../../src/triggers/processingTimeTrigger.js'
import { FakeContext } from './_fakeContext.js'

t.test('fires on the processing-time timer at end - 1', async (t) => {
  const trigger = processingTimeTrigger()
  const ctx = new FakeContext()
  const window = { start: 1000, end: 2000 }
  t.equal(trigger.onElement(5, window, ctx), 'CONTINUE')
  t.same([...ctx.processingTimers], [1999])
  t.equal(trigger.onEventTime(1999, window, ctx), 'CONTINUE')
  t.equal(trigger.onProcessingTime(1999, window, ctx), 'FIRE')
  ctx.processingTime = 1500
  trigger.onMerge({ start: 1000, end: 3000 }, ctx)
  t.ok(ctx.processingTimers.has(2999))
  trigger.clear(window, ctx)
  t.notOk(ctx.processingTimers.has(1999))
})
