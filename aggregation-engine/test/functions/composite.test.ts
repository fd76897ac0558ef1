import t from 'tap'
import fc from 'fast-check'
import { composite } from '../../src/functions/composite.js'
import { count } from '../../src/functions/count.js'
import { sum } from '../../src/functions/sum.js'
import { max } from '../../src/functions/max.js'
import { mean } from '../../src/functions/mean.js'
import { approxDistinctCount } from '../../src/functions/approxDistinctCount.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

type Event = { type: 'bid' | 'imp' | 'click'; price: number; user: string }
const perCampaign = composite({
  bids: count((e: Event) => e.type === 'bid'),
  imps: count((e: Event) => e.type === 'imp'),
  clicks: count((e: Event) => e.type === 'click'),
})

t.test('combines parts into a compact array accumulator and a named result', async (t) => {
  const events: Event[] = [
    { type: 'bid', price: 1, user: 'a' },
    { type: 'bid', price: 2, user: 'b' },
    { type: 'imp', price: 2, user: 'b' },
    { type: 'click', price: 0, user: 'b' },
  ]
  const acc = events.reduce((a, e) => perCampaign.add(e, a), perCampaign.createAccumulator())
  t.same(perCampaign.encode!(acc), [2, 1, 1])
  const result: { bids: number; imps: number; clicks: number } = perCampaign.getResult(acc)
  t.same(result, { bids: 2, imps: 1, clicks: 1 })
})

t.test('encodes and decodes each part with its own codec', async (t) => {
  const fn = composite({ users: approxDistinctCount((e: Event) => e.user, { precision: 8 }), top: max((e: Event) => e.price) })
  const acc = fn.add({ type: 'bid', price: 3, user: 'u' }, fn.createAccumulator())
  const encoded = fn.encode!(acc)
  t.match(encoded, [/^hll1:8:s:/, 3])
  t.same(fn.getResult(fn.decode!(JSON.parse(JSON.stringify(encoded)))), { users: 1, top: 3 })
  t.throws(() => fn.decode!(['garbage', 3]), SnapshotFormatError)
  t.throws(() => fn.decode!([3]), /array of 2 parts \(users, top\)/)
})

t.test('rejects parts that are not aggregate functions', async (t) => {
  t.throws(() => composite({}), new InvalidArgumentError('composite: parts must name at least one aggregate function'))
  t.throws(() => composite({ n: 3 } as never), /part "n" must be an aggregate function/)
  t.throws(() => composite(null as never), /parts must be an object/)
})

const event = fc.record({
  type: fc.constantFrom<Event['type']>('bid', 'imp', 'click'),
  price: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  user: fc.string({ maxLength: 4 }),
})
checkAggregateLaws(t, 'composite(bids, imps, clicks)', perCampaign, event)
checkAggregateLaws(
  t,
  'composite(every built-in)',
  composite({
    n: count<Event>(),
    spend: sum((e: Event) => e.price),
    top: max((e: Event) => e.price),
    avg: mean((e: Event) => e.price),
    users: approxDistinctCount((e: Event) => e.user, { precision: 6 }),
  }),
  event,
)
