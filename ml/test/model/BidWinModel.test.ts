import t from 'tap'
import fc from 'fast-check'
import { BidWinModel } from '../../src/model/BidWinModel.js'
import { ModelFormatError } from '../../src/errors.js'

const FTRL = { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 }
const bid = fc.record({
  campaignItemId: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('1', '2', '9')),
  domain: fc.option(fc.constantFrom('a.com', 'b.com')),
  creativeId: fc.option(fc.constantFrom('c1', 'c2')),
  creativeCategory: fc.option(fc.constantFrom('k1', 'k2')),
  winPrice: fc.option(fc.integer({ min: 0, max: 20 })),
})

t.test('snapshot/restore reproduces predictions exactly and carries its hashing config', async () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(bid, fc.constantFrom<0 | 1>(0, 1)), { maxLength: 80 }),
      fc.array(bid, { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 4, max: 20 }),
      (data, probes, hashBits) => {
        const model = BidWinModel.create({ hashBits }, FTRL)
        for (const [b, y] of data) model.train(b, y)
        const restored = BidWinModel.restore(JSON.parse(JSON.stringify(model.snapshot())))
        return restored.ok && restored.model.features.hashBits === hashBits && probes.every((b) => restored.model.score(b) === model.score(b))
      },
    ),
  )
})

t.test('a campaign id scores the same as a string or a number', async (t) => {
  const model = BidWinModel.create({ hashBits: 18 }, FTRL)
  for (let i = 0; i < 50; i++) model.train({ campaignItemId: 1463517, domain: 'www.google.com', winPrice: 1 }, 1)
  t.equal(
    model.score({ campaignItemId: '1463517', domain: 'www.google.com', winPrice: 1 }),
    model.score({ campaignItemId: 1463517, domain: 'www.google.com', winPrice: 1 }),
  )
  t.ok(model.score({ campaignItemId: 1463517, domain: 'www.google.com', winPrice: 1 }) > 0.7)
})

t.test('a bad snapshot is returned as an error naming the problem', async (t) => {
  const good = BidWinModel.create({ hashBits: 18 }, FTRL).snapshot() as Record<string, unknown>
  for (const value of [undefined, { ...good, format: 'x' }, { ...good, version: 9 }, { ...good, features: { hashBits: 99 } }, { ...good, ftrl: null }]) {
    const r = BidWinModel.restore(value)
    t.equal(r.ok, false)
    if (!r.ok) t.type(r.error, ModelFormatError)
  }
})
