import t from 'tap'
import fc from 'fast-check'
import { parsePredictionRequest, MAX_PREDICTION_ITEMS } from '../../src/predict/parsePredictionRequest.js'

const valid = {
  campaignItemId: '1463517',
  domain: 'www.google.com',
  creativeId: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
  creativeCategory: 'testCreativeCategory',
  winPrice: 1,
}

t.test('one object or an array of them; ids as strings or numbers; null for unknown', async (t) => {
  t.same(parsePredictionRequest(JSON.stringify(valid)), { ok: true, bids: [valid] })
  const many = parsePredictionRequest(
    JSON.stringify([valid, { ...valid, campaignItemId: 1463517, creativeId: 7, domain: null, creativeCategory: null, winPrice: null, extra: 'ignored' }]),
  )
  t.equal(many.ok, true)
  if (many.ok) t.same(many.bids[1], { campaignItemId: 1463517, creativeId: 7, domain: null, creativeCategory: null, winPrice: null })
})

t.test('missing and mistyped fields are all named', async (t) => {
  t.same(parsePredictionRequest(JSON.stringify({ campaignItemId: true, domain: 3, winPrice: '1' })), {
    ok: false,
    errors: [
      { field: 'campaignItemId', message: 'must be a non-empty string or a number' },
      { field: 'domain', message: 'must be a string, or null when unknown' },
      { field: 'creativeId', message: 'is required' },
      { field: 'creativeCategory', message: 'is required' },
      { field: 'winPrice', message: 'must be a number >= 0, or null when unknown' },
    ],
  })
  const array = parsePredictionRequest(JSON.stringify([valid, { ...valid, winPrice: -1 }, 5]))
  t.same(array, {
    ok: false,
    errors: [
      { field: '[1].winPrice', message: 'must be a number >= 0, or null when unknown' },
      { field: '[2]', message: 'must be a JSON object' },
    ],
  })
  t.match(parsePredictionRequest('{nope'), { ok: false, errors: [{ field: '$', message: 'body must be JSON' }] })
  t.match(parsePredictionRequest(null), { ok: false, errors: [{ field: '$' }] })
  t.match(parsePredictionRequest('[]'), { ok: false, errors: [{ message: 'must hold at least one item' }] })
  t.match(parsePredictionRequest(JSON.stringify(Array(MAX_PREDICTION_ITEMS + 1).fill(valid))), { ok: false, errors: [{ field: '$' }] })
  t.match(parsePredictionRequest('"x"'), { ok: false, errors: [{ field: '$', message: 'must be a JSON object' }] })
})

t.test('never throws, whatever the JSON', async () => {
  fc.assert(fc.property(fc.json(), (body) => typeof parsePredictionRequest(body).ok === 'boolean'))
})
