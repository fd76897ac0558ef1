import t from 'tap'
import { InvalidArgumentError } from '../../src/errors.js'
import { countTrigger } from '../../src/triggers/countTrigger.js'
import { FakeContext } from './_fakeContext.js'

const window = { start: 0, end: 10 }

t.test('fires at every n-th element and starts counting again', async (t) => {
  const trigger = countTrigger(3)
  const ctx = new FakeContext()
  const results = Array.from({ length: 7 }, () => trigger.onElement(1, window, ctx))
  t.same(results, ['CONTINUE', 'CONTINUE', 'FIRE', 'CONTINUE', 'CONTINUE', 'FIRE', 'CONTINUE'])
  t.equal(ctx.state, 1)
  t.equal(trigger.name, 'count(3)')
})

t.test('count(1) fires on every element and keeps no state', async (t) => {
  const ctx = new FakeContext()
  t.equal(countTrigger(1).onElement(1, window, ctx), 'FIRE')
  t.equal(ctx.state, undefined)
})

t.test('merging adds the counts up; clear forgets the count', async (t) => {
  const trigger = countTrigger(5)
  const ctx = new FakeContext()
  ctx.mergedStates = [2, undefined, 1]
  trigger.onMerge(window, ctx)
  t.equal(ctx.state, 3)
  trigger.clear(window, ctx)
  t.equal(ctx.state, undefined)
})

t.test('n must be a positive integer', async (t) => {
  t.throws(() => countTrigger(0), new InvalidArgumentError('count must be a positive integer'))
  t.throws(() => countTrigger(2.5), InvalidArgumentError)
})
