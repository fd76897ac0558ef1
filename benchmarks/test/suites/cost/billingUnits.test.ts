import t from 'tap'
import fc from 'fast-check'
import {
  eventuallyConsistentReadUnits,
  firehoseBilledBytes,
  onDemandBilledBytes,
  putPayloadUnits,
  touchedKeys,
  writeUnits,
} from '../../../src/suites/cost/billingUnits.js'

t.test('a PutItem costs one write unit per started KB of the item', async (t) => {
  t.equal(writeUnits(0), 1, 'never less than one')
  t.equal(writeUnits(106), 1, 'a totals item')
  t.equal(writeUnits(1024), 1)
  t.equal(writeUnits(1025), 2)
  t.equal(writeUnits(3 * 1024 + 1), 4)
})

t.test('a Kinesis record costs one PUT payload unit per started 25 KB', async (t) => {
  t.equal(putPayloadUnits(1), 1)
  t.equal(putPayloadUnits(5 * 1024), 1, 'a 5 KB partials record')
  t.equal(putPayloadUnits(25 * 1024), 1)
  t.equal(putPayloadUnits(25 * 1024 + 1), 2)
  t.equal(putPayloadUnits(45 * 1024), 2, "AWS's own example: a 45 KB record is two units")
})

t.test('on-demand Kinesis rounds records to 1 KB, Firehose to 5 KB, reads to 4 KB halves', async (t) => {
  t.equal(onDemandBilledBytes(193), 1024)
  t.equal(onDemandBilledBytes(4.5 * 1024), 5 * 1024, "AWS's own example: 4.5 KB counts as 5 KB")
  t.equal(firehoseBilledBytes(3 * 1024), 5 * 1024, "AWS's own example: a 3 KB record is billed as 5 KB")
  t.equal(firehoseBilledBytes(12 * 1024), 15 * 1024, 'and a 12 KB record as 15 KB')
  t.equal(eventuallyConsistentReadUnits(100), 0.5)
  t.equal(eventuallyConsistentReadUnits(10_000), 1.5)
})

t.test('touched keys: all of few keys, about every draw of many', async (t) => {
  t.equal(touchedKeys(0, 10), 0)
  t.equal(touchedKeys(10, 0), 0)
  t.ok(Math.abs(touchedKeys(100, 30_000) - 100) < 1e-9, 'a minute of 1 K events/s touches all 100 campaigns')
  t.ok(Math.abs(touchedKeys(10_000, 10_000) - 10_000 * (1 - Math.exp(-1))) < 1e-6)
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e7 }), (keys, draws) => {
      const n = touchedKeys(keys, draws)
      return n > 0 && n <= Math.min(keys, draws) + 1e-6
    }),
  )
})
