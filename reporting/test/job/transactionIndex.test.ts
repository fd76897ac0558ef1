import t from 'tap'
import fc from 'fast-check'
import { applyEvent, emptyEntry, readEntry, type Contribution, type TransactionEventKind } from '../../src/job/transactionIndex.js'

const timeouts = { bidTimeoutMs: 300_000, clickTimeoutMs: 300_000 }

t.test('the original README order (bid, click, impression) counts all three', async (t) => {
  let e = emptyEntry()
  const seen: Contribution[] = []
  for (const [kind, ts] of [
    ['bid', 1000],
    ['click', 3000],
    ['imp', 2000],
  ] as const) {
    const r = applyEvent(e, kind, ts, kind === 'bid' ? 1463517 : undefined, timeouts, kind === 'imp' ? 1 : undefined)
    e = r.entry
    seen.push(...r.contributions)
  }
  t.same(seen, [
    { cause: undefined, campaign: 1463517, kind: 'bid', ts: 1000, bidTs: 1000 },
    { cause: undefined, campaign: 1463517, kind: 'imp', ts: 2000, bidTs: 1000, winPrice: 1 },
    { cause: undefined, campaign: 1463517, kind: 'click', ts: 3000, bidTs: 1000 },
  ])
})

t.test('a second event of the same kind is a duplicate and counts nothing', async (t) => {
  const first = applyEvent(emptyEntry(), 'bid', 1, 7, timeouts)
  const again = applyEvent(first.entry, 'bid', 1, 7, timeouts)
  t.equal(again.duplicate, true)
  t.same(again.contributions, [])
  t.equal(again.entry, first.entry)
})

t.test('an impression outside the bid timeout is not counted, nor its click', async (t) => {
  let e = applyEvent(emptyEntry(), 'bid', 0, 7, timeouts).entry
  const imp = applyEvent(e, 'imp', 300_001, undefined, timeouts)
  t.same(imp.contributions, [])
  e = imp.entry
  t.same(applyEvent(e, 'click', 300_002, undefined, timeouts).contributions, [])
})

t.test('impressions and clicks without a bid are held, not counted', async (t) => {
  const r = applyEvent(applyEvent(emptyEntry(), 'click', 5, undefined, timeouts).entry, 'imp', 4, undefined, timeouts)
  t.same(r.contributions, [])
  t.same(r.entry, [null, null, 4, 5, null, null])
})

t.test('readEntry reads five numeric slots and an app_uid, and entries stored before the app_uid', async (t) => {
  t.same(readEntry([1, 2, null, null, null]), [1, 2, null, null, null, null])
  t.same(readEntry([1, 2, null, null, null, 'app-1']), [1, 2, null, null, null, 'app-1'])
  t.equal(readEntry([1, 2, null, null, null, 7]), undefined)
  t.equal(readEntry([1, 2, 3, 4]), undefined)
  t.equal(readEntry({}), undefined)
  t.equal(readEntry([1, '2', null, null, null]), undefined)
})

t.test('counts equal the reference in any arrival order, with duplicates', async () => {
  const kinds: TransactionEventKind[] = ['bid', 'imp', 'click']
  const tx = fc.record({
    present: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    ts: fc.tuple(fc.integer({ min: 0, max: 700_000 }), fc.integer({ min: 0, max: 700_000 }), fc.integer({ min: 0, max: 700_000 })),
    dupes: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 4 }),
  })
  fc.assert(
    fc.property(tx, fc.infiniteStream(fc.nat()), ({ present, ts, dupes }, rand) => {
      const events: Array<[TransactionEventKind, number]> = []
      kinds.forEach((k, i) => present[i] && events.push([k, ts[i] as number]))
      for (const d of dupes) if (present[d]) events.push([kinds[d] as TransactionEventKind, ts[d] as number])
      // shuffle with the generated randomness
      const order = events
        .map((e) => [rand.next().value, e] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, e]) => e)
      let entry = emptyEntry()
      const got: string[] = []
      for (const [kind, at] of order) {
        const r = applyEvent(entry, kind, at, 42, timeouts)
        entry = r.entry
        got.push(...r.contributions.map((c) => `${c.kind}@${c.ts}`))
      }
      const [b, i, c] = ts
      const expect: string[] = []
      if (present[0]) expect.push(`bid@${b}`)
      const impOk = present[0] && present[1] && Math.abs(i - b) <= timeouts.bidTimeoutMs
      if (impOk) expect.push(`imp@${i}`)
      if (impOk && present[2] && Math.abs(c - i) <= timeouts.clickTimeoutMs) expect.push(`click@${c}`)
      return JSON.stringify(got.sort()) === JSON.stringify(expect.sort())
    }),
  )
})
