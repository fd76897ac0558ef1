import fc from 'fast-check'

/** Valid field values, edges included (a 256-character tx_id, the safe-integer bounds, ts 0). */
export const txId = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constant('t'.repeat(256)), fc.uuid())
export const safeInteger = fc.oneof(fc.integer(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER))
export const epochMillis = fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(0, Number.MAX_SAFE_INTEGER))
export const price = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
const text = fc.string({ maxLength: 20 })

/** Valid events of each type, as a client could post them (`type` and `ts` optional unless asked). */
export function bid(options: { type?: boolean; ts?: boolean } = {}) {
  return fc.record(
    {
      type: fc.constant('bid' as const),
      tx_id: txId,
      app_uid: text,
      campaign_item_id: safeInteger,
      domain: text,
      creative_id: text,
      creative_category: text,
      win_price: price,
      ts: epochMillis,
    },
    { requiredKeys: ['tx_id', 'app_uid', 'campaign_item_id', ...required(options)] },
  )
}

export function impression(options: { type?: boolean; ts?: boolean } = {}) {
  return fc.record(
    { type: fc.constant('imp' as const), tx_id: txId, win_price: safeInteger, ts: epochMillis },
    { requiredKeys: ['tx_id', 'win_price', ...required(options)] },
  )
}

export function click(options: { type?: boolean; ts?: boolean } = {}) {
  return fc.record({ type: fc.constant('click' as const), tx_id: txId, ts: epochMillis }, { requiredKeys: ['tx_id', ...required(options)] })
}

export const heartbeat = fc.record({
  type: fc.constant('heartbeat' as const),
  ts: epochMillis,
  shard_id: fc.string({ minLength: 1, maxLength: 30 }),
})

function required(options: { type?: boolean; ts?: boolean }): ('type' | 'ts')[] {
  return [...(options.type === true ? (['type'] as const) : []), ...(options.ts === true ? (['ts'] as const) : [])]
}

/** Values that are wrong for at least one field somewhere: wrong types, floats, empties, oversize. */
export const oddValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    '',
    'x'.repeat(257),
    '123',
    1.5,
    -1,
    -0,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    [],
    {},
    ['bid'],
    'bid',
    'imp',
    'click',
    'heartbeat',
    'toString',
  ),
  fc.jsonValue({ maxDepth: 1 }),
)

const FIELDS = [
  'type',
  'tx_id',
  'app_uid',
  'campaign_item_id',
  'domain',
  'creative_id',
  'creative_category',
  'win_price',
  'ts',
  'shard_id',
  'extra',
  '__proto__',
  'constructor',
] as const

/** One small change to a record: a field deleted, set to an odd value, or an unknown field added. */
export function mutated(record: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const change = fc.tuple(fc.constantFrom(...FIELDS), fc.option(oddValue, { nil: undefined, freq: 5 }), fc.boolean())
  return fc.tuple(record, fc.array(change, { minLength: 1, maxLength: 3 })).map(([r, changes]) => {
    const copy: Record<string, unknown> = { ...r }
    for (const [field, value, remove] of changes) {
      if (remove && value === undefined) Reflect.deleteProperty(copy, field)
      else Object.defineProperty(copy, field, { value, enumerable: true, writable: true, configurable: true })
    }
    return copy
  })
}

/** Every kind of record the stream guard can meet: valid ones, near misses, and arbitrary values. */
export const streamCandidate: fc.Arbitrary<unknown> = fc.oneof(
  bid({ type: true, ts: true }),
  impression({ type: true, ts: true }),
  click({ type: true, ts: true }),
  heartbeat,
  mutated(bid({ type: true, ts: true })),
  mutated(impression({ type: true, ts: true })),
  mutated(click({ type: true, ts: true })),
  mutated(heartbeat),
  mutated(bid()),
  fc.jsonValue(),
  fc.anything(),
)

/**
 * Whether two flat records hold the same fields with the same values (`Object.is`), ignoring keys
 * whose value is `undefined`: io-ts keeps an own `undefined` optional key, the stream guard omits it.
 */
export function sameRecord(a: object, b: object): boolean {
  const defined = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined)
  const left = defined(a)
  const right = new Map(defined(b))
  return left.length === right.size && left.every(([k, v]) => right.has(k) && Object.is(right.get(k), v))
}
