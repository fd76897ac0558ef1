import t from 'tap'
import fc from 'fast-check'
import { decideFault, type CallPlace, type FaultRequest } from '../../src/faults/decideFault.js'
import { callFaultKinds, FAULT_SERVICES, type FaultService } from '../../src/faults/constants.js'
import type { FaultSpec } from '../../src/faults/FaultSpec.js'

const spec = (rate: number, reset: number, seed: number, cover = false): FaultSpec => ({
  rates: { s3: rate, dynamodb: rate, kinesis: rate },
  reset,
  seed,
  ...(cover ? { cover } : {}),
})
const request = (service: FaultService, index: number, operation = 'PutRecords', entries = 5, call: Partial<CallPlace> = {}): FaultRequest => ({
  service,
  index,
  call: { path: 0, rank: 1_000, attempt: 0, unmet: [], ...call },
  operation,
  entries,
})

t.test('the same seed and request order give the same decisions', async () => {
  const rate = fc.double({ min: 0, max: 1, noNaN: true })
  fc.assert(
    fc.property(
      rate,
      rate,
      fc.nat(),
      fc.constantFrom(...FAULT_SERVICES),
      fc.nat({ max: 1e9 }),
      fc.integer({ min: 0, max: 500 }),
      (r, reset, seed, service, index, entries) => {
        const a = decideFault(spec(r, reset, seed), request(service, index, 'PutRecords', entries))
        const b = decideFault(spec(r, reset, seed), request(service, index, 'PutRecords', entries))
        return JSON.stringify(a) === JSON.stringify(b)
      },
    ),
  )
})

t.test('different seeds give different runs', async (t) => {
  const run = (seed: number) => Array.from({ length: 200 }, (_, i) => decideFault(spec(0.3, 0.1, seed), request('s3', i, 'PutObject')).action).join()
  t.not(run(1), run(2))
})

t.test('rates are respected within a generous tolerance over many draws', async () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.double({ min: 0, max: 0.3, noNaN: true }),
      fc.nat(),
      fc.constantFrom(...FAULT_SERVICES),
      (r, reset, seed, service) => {
        const n = 4_000
        let resets = 0
        let errors = 0
        for (let i = 0; i < n; i++) {
          const d = decideFault(spec(r, reset, seed), request(service, i, 'GetObject', 0))
          if (d.action === 'reset') resets++
          else if (d.action !== 'forward') errors++
        }
        const expectedErrors = (1 - reset) * r
        return Math.abs(resets / n - reset) < 0.05 && Math.abs(errors / n - expectedErrors) < 0.05
      },
    ),
    { numRuns: 30 },
  )
})

t.test('rate 0 never faults and rate 1 always does', async (t) => {
  for (const service of FAULT_SERVICES) {
    for (let i = 0; i < 500; i++) {
      t.equal(decideFault(spec(0, 0, 3), request(service, i)).action, 'forward')
      if (decideFault(spec(1, 0, 3), request(service, i)).action === 'forward') t.fail(`${service} request ${i} passed at rate 1`)
    }
  }
})

t.test('each service fails with its own kinds; only a PutRecords with entries fails partially', async (t) => {
  const kinds = (service: FaultService, operation: string, entries: number) =>
    new Set(
      Array.from({ length: 400 }, (_, i) => decideFault(spec(1, 0, 5), request(service, i, operation, entries))).map((d) => ('kind' in d ? d.kind : d.action)),
    )
  t.same([...kinds('s3', 'PutObject', 0)].sort(), ['InternalError', 'SlowDown'])
  t.same([...kinds('dynamodb', 'PutItem', 0)].sort(), ['ProvisionedThroughputExceededException', 'ThrottlingException'])
  t.same([...kinds('kinesis', 'PutRecords', 10)].sort(), ['PartialFailure', 'ProvisionedThroughputExceededException'])
  t.same([...kinds('kinesis', 'ListShards', 0)], ['ProvisionedThroughputExceededException'])
  t.same([...kinds('kinesis', 'PutRecords', 0)], ['ProvisionedThroughputExceededException'])
})

t.test('a partial failure refuses at least one entry and not always all', async () => {
  fc.assert(
    fc.property(fc.nat(), fc.nat({ max: 1e6 }), fc.integer({ min: 1, max: 500 }), (seed, index, entries) => {
      const d = decideFault(spec(1, 0, seed), request('kinesis', index, 'PutRecords', entries))
      if (d.action !== 'partial') return true
      return d.refused.length === entries && d.refused.some((c) => c !== undefined)
    }),
  )
})

const kindOf = (d: ReturnType<typeof decideFault>) => ('kind' in d ? d.kind : d.action)

t.test('cover: one early call per path and about one in 256 fail every attempt, applying nothing; the others meet the kinds not met yet', async (t) => {
  const APPLYING = ['ResetAfterApply', 'PartialFailure']
  for (const [service, operation] of [
    ['s3', 'PutObject'],
    ['dynamodb', 'PutItem'],
    ['kinesis', 'PutRecords'],
    ['kinesis', 'ListShards'],
  ] as const) {
    const kinds = callFaultKinds(service, operation)
    const decide = (call: Partial<CallPlace>) => kindOf(decideFault(spec(0, 0, 9, true), request(service, 0, operation, 4, { unmet: [], ...call })))
    const failsWhole = (rank: number, path = 0) =>
      Array.from({ length: 5 }, (_, attempt) => decide({ rank, attempt, path })).every((k) => k !== 'forward' && !APPLYING.includes(k))
    t.equal(decide({ rank: 0, unmet: kinds }), 'forward', `${service} ${operation}: the first call passes`)
    const ranks = Array.from({ length: 40 }, (_, i) => i + 1)
    const early = [0, 1, 2, 3, 4].map((path) => ranks.find((rank) => failsWhole(rank, path)))
    t.equal(new Set(early).size, 5, `paths fail whole in different calls (${early.join()})`)
    const s3Early = (path: number) =>
      ranks.find((rank) => kindOf(decideFault(spec(0, 0, 9, true), request('s3', 0, 'PutObject', 0, { path, rank }))) !== 'forward')
    if (service !== 's3') t.not(early[0], s3Early(0), 'and services in different calls')
    const later = Array.from({ length: 20_000 }, (_, i) => i + 41)
    const whole = later.filter((rank) => failsWhole(rank)).length / later.length
    t.ok(whole > 1 / 1024 && whole < 1 / 64, `about one later call in 256 fails whole (${whole})`)
    const attempts = Array.from({ length: 6 }, (_, attempt) => decide({ rank: early[0], attempt }))
    t.ok(new Set(attempts).size > 1, `the refusing kinds take turns (${attempts.join()})`)
    const passing = later.filter((rank) => !failsWhole(rank)).slice(0, 4_000)
    t.ok(
      passing.every((rank) => decide({ rank, unmet: kinds.slice(1) }) === kinds[1]),
      'calls that do not fail whole meet the first kind not met yet',
    )
    const met = passing.map((rank) => decide({ rank })).filter((k) => k !== 'forward')
    t.ok(met.every((k) => APPLYING.includes(k)) && met.length / passing.length < 1 / 16, 'then a few meet a fault that applies')
    if (operation === 'PutObject' || operation === 'PutRecords') t.ok(met.length > 0, 'and some do')
  }
})
