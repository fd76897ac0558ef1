import t from 'tap'
import fc from 'fast-check'
import { validateEvent } from '../../src/validation/validateEvent.js'
import { InvalidArgumentError } from '../../src/errors.js'
import type { StreamEventType } from '../../src/constants.js'
import { bid, click, impression } from '../_helpers/arbitraries.js'

const readmeBid = {
  tx_id: '44db4cf3-c372-4f7c-8443-9d2a1e725473',
  domain: 'www.google.com',
  app_uid: 'e582f2a0-3e2b-4066-a2a3-dc5867953d0d',
  campaign_item_id: 1463517,
  creative_id: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
  creative_category: 'testCreativeCategory',
}

t.test('returns the typed event with type defaulted from the caller', async (t) => {
  t.same(validateEvent(readmeBid, 'bid'), { ok: true, event: { ...readmeBid, type: 'bid' } })
  t.same(validateEvent({ tx_id: 't1', win_price: 1 }, 'imp'), { ok: true, event: { type: 'imp', tx_id: 't1', win_price: 1 } })
  t.same(validateEvent({ type: 'click', tx_id: 't1', extra: 1 }), { ok: true, event: { type: 'click', tx_id: 't1' } })
})

t.test('names every bad field with why, in words', async (t) => {
  const result = validateEvent({ type: 'imp', tx_id: '', campaign_item_id: 1.5, domain: null, win_price: '1', ts: -1, extra: 'ignored' }, 'bid')
  t.same(result, {
    ok: false,
    errors: [
      { field: 'type', message: 'must be "bid"' },
      { field: 'tx_id', message: 'must not be empty' },
      { field: 'app_uid', message: 'is required' },
      { field: 'campaign_item_id', message: 'must be an integer' },
      { field: 'domain', message: 'must be a string' },
      { field: 'win_price', message: 'must be a number' },
      { field: 'ts', message: 'must not be negative (epoch milliseconds)' },
    ],
  })
})

t.test('explains each rule of each field', async (t) => {
  const messages = (input: unknown, type?: StreamEventType) => {
    const result = validateEvent(input, type)
    return result.ok ? [] : result.errors.map((e) => `${e.field} ${e.message}`)
  }
  t.same(messages({ tx_id: 'x'.repeat(257) }, 'click'), ['tx_id must be at most 256 characters (the Kinesis partition-key limit)'])
  t.same(messages({ tx_id: 5 }, 'click'), ['tx_id must be a string'])
  t.same(messages({ tx_id: 't', win_price: 2 ** 53 }, 'imp'), ['win_price must be a safe integer (at most 2^53 - 1 in magnitude)'])
  t.same(messages({ tx_id: 't', ts: 1.5 }, 'click'), ['ts must be an integer (epoch milliseconds)'])
  t.same(messages({ tx_id: 't' }), ['type is required (one of "bid", "imp", "click", "location")'])
  t.same(messages({ type: 'impression', tx_id: 't' }), ['type must be one of "bid", "imp", "click", "location"'])
  t.same(messages([readmeBid], 'bid'), ['$ must be a JSON object'])
  t.same(messages(null), ['$ must be a JSON object'])
})

t.test('refuses a type argument outside STREAM_EVENT_TYPES', async (t) => {
  t.throws(() => validateEvent({}, 'heartbeat' as StreamEventType), InvalidArgumentError)
})

// Values that break exactly one rule of each bid field (`undefined` deletes the field).
const BAD: Record<string, readonly unknown[]> = {
  type: ['imp', 'click', 5, null],
  tx_id: ['', 'x'.repeat(257), 5, null, undefined],
  app_uid: [5, null, [], undefined],
  campaign_item_id: [1.5, '1', 2 ** 53, null, undefined, Number.NaN],
  domain: [5, null, {}],
  creative_id: [false, null],
  creative_category: [1, []],
  win_price: ['1', null, Number.POSITIVE_INFINITY],
  ts: [-1, 1.5, '1', null, 2 ** 53],
}

t.test('reports exactly the fields that were broken, whichever they are', async () => {
  const breakage = fc
    .uniqueArray(fc.constantFrom(...Object.keys(BAD)), { minLength: 1 })
    .chain((fields) => fc.tuple(...fields.map((field) => fc.constantFrom(...(BAD[field] ?? [])).map((value) => [field, value] as const))))
  fc.assert(
    fc.property(bid(), breakage, (event, broken) => {
      const input: Record<string, unknown> = { ...event }
      for (const [field, value] of broken) input[field] = value
      const result = validateEvent(input, 'bid')
      if (result.ok) return false
      const reported = result.errors.map((e) => e.field).sort()
      return JSON.stringify(reported) === JSON.stringify(broken.map(([field]) => field).sort())
    }),
  )
})

t.test('accepts every valid event, with or without its type', async () => {
  fc.assert(
    fc.property(fc.oneof(bid({ type: true }), impression({ type: true }), click({ type: true })), fc.boolean(), (event, routed) => {
      const { type, ...untyped } = event
      const result = routed ? validateEvent(untyped, type) : validateEvent(event)
      return result.ok && result.event.type === type
    }),
  )
})
