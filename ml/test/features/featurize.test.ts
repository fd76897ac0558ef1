import t from 'tap'
import fc from 'fast-check'
import { featurize, checkFeatureConfig } from '../../src/features/featurize.js'
import { bidFeaturesOf } from '../../src/features/bidFeaturesOf.js'
import { MlError } from '../../src/errors.js'
import { isHeldOut } from '../../src/evaluation/isHeldOut.js'

const config = { hashBits: 18 }

t.test('ids as strings or numbers hash alike', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 10 ** 9 }), (campaign, creative) => {
      const a = featurize({ campaignItemId: campaign, creativeId: creative, winPrice: 1 }, config)
      const b = featurize({ campaignItemId: String(campaign), creativeId: String(creative), winPrice: 1 }, config)
      return JSON.stringify(a) === JSON.stringify(b)
    }),
  )
  t.same(featurize({ campaignItemId: 1463517 }, config), featurize({ campaignItemId: '1463517' }, config))
})

t.test('indices are strictly increasing, inside the hash space, and colliding features add up', async () => {
  fc.assert(
    fc.property(
      fc.record({
        campaignItemId: fc.oneof(fc.integer(), fc.string()),
        domain: fc.option(fc.string()),
        creativeId: fc.option(fc.string()),
        creativeCategory: fc.option(fc.string()),
        winPrice: fc.option(fc.double({ noNaN: true })),
      }),
      fc.integer({ min: 1, max: 20 }),
      (bid, hashBits) => {
        const x = featurize(bid, { hashBits })
        const total = x.values.reduce((s, v) => s + v, 0)
        return (
          x.indices.every((i, k) => i >= 0 && i < 2 ** hashBits && (k === 0 || i > (x.indices[k - 1] as number))) &&
          x.indices.length === x.values.length &&
          total > 0
        )
      },
    ),
  )
  // Two buckets: everything collides, values add (bias + campaign + price indicator = 3).
  const x = featurize({ campaignItemId: 1 }, { hashBits: 1 })
  t.equal(
    x.values.reduce((s, v) => s + v, 0),
    3,
  )
})

t.test('price is log1p-scaled; a missing price sets the indicator instead', async (t) => {
  const withPrice = featurize({ campaignItemId: 1, winPrice: Math.E - 1 }, config)
  const without = featurize({ campaignItemId: 1, winPrice: null }, config)
  t.ok(withPrice.values.some((v) => Math.abs(v - 1) < 1e-12))
  t.equal(withPrice.indices.length, 3)
  t.equal(without.indices.length, 3)
  t.not(JSON.stringify(withPrice.indices), JSON.stringify(without.indices))
  t.same(featurize({ campaignItemId: 1, winPrice: Number.NaN }, config), without, 'a non-finite price counts as missing')
})

t.test('bids from the stream keep only what is known at bid time', async (t) => {
  t.same(bidFeaturesOf({ campaign_item_id: 1463517, domain: 'www.google.com', creative_id: 'c', creative_category: 'k', win_price: 2 }), {
    campaignItemId: 1463517,
    domain: 'www.google.com',
    creativeId: 'c',
    creativeCategory: 'k',
    winPrice: 2,
  })
  t.same(bidFeaturesOf({ campaign_item_id: 7 }), { campaignItemId: 7, domain: null, creativeId: null, creativeCategory: null, winPrice: null })
})

t.test('a bad hashing config is rejected at the door', async (t) => {
  for (const hashBits of [0, 31, 1.5, NaN]) t.throws(() => checkFeatureConfig({ hashBits }), MlError)
  t.same(checkFeatureConfig({ hashBits: 18 }), { hashBits: 18 })
})

t.test('trained models keep their features: the hash never changes', async (t) => {
  // Computed before feature hashing moved to the engine's murmurHash3; stored models rely on these buckets.
  t.same(featurize({ campaignItemId: 1463517, domain: 'www.google.com', creativeId: 'c-9', creativeCategory: 'IAB1', winPrice: 1.5 }, { hashBits: 18 }), {
    indices: [98187, 124422, 134779, 229902, 240915, 254437],
    values: [1, 1, 1, 0.9162907318741551, 1, 1],
  })
  t.same(featurize({ campaignItemId: '7', domain: 'exämple.org' }, { hashBits: 30 }), {
    indices: [658322993, 851804043, 953108803, 1035709020],
    values: [1, 1, 1, 1],
  })
  t.same(
    Array.from({ length: 20 }, (_, i) => isHeldOut(`tx-${i}`, 5)),
    [false, false, false, false, false, false, false, false, false, false, false, true, false, true, false, true, false, false, true, true],
    'the held-out choice too',
  )
})
