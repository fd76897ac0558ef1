import t from 'tap'
import fc from 'fast-check'
import { forwardedPutRecords, mergePutRecordsResult, parsePutRecords, type PutRecordsResultEntry } from '../../src/faults/partialPutRecords.js'
import type { EntryErrorCode } from '../../src/faults/decideFault.js'

const code = fc.constantFrom<EntryErrorCode | undefined>('ProvisionedThroughputExceededException', 'InternalFailure', undefined)

t.test('forwards only the entries let through and merges the answers back in request order', async () => {
  fc.assert(
    fc.property(fc.array(code, { minLength: 1, maxLength: 50 }), (refused) => {
      const body = { StreamName: 'sdp-events', Records: refused.map((_, i) => ({ Data: Buffer.from(`r${i}`).toString('base64'), PartitionKey: `k${i}` })) }
      const request = parsePutRecords(Buffer.from(JSON.stringify(body)))!
      const forwarded = forwardedPutRecords(request, refused)
      const kept = forwarded === undefined ? [] : (JSON.parse(forwarded.toString()) as typeof body).Records
      // the service writes what reaches it: one sequence number per forwarded entry, named after its data
      const upstream =
        forwarded === undefined
          ? undefined
          : { FailedRecordCount: 0, Records: kept.map((r): PutRecordsResultEntry => ({ SequenceNumber: r.PartitionKey, ShardId: 'shardId-000000000000' })) }
      const merged = mergePutRecordsResult(refused, upstream, 'sdp-events')
      return (
        kept.length === refused.filter((c) => c === undefined).length &&
        merged.Records.length === refused.length &&
        merged.FailedRecordCount === refused.filter((c) => c !== undefined).length &&
        merged.Records.every((r, i) =>
          refused[i] === undefined
            ? r.SequenceNumber === `k${i}`
            : r.ErrorCode === refused[i] && r.SequenceNumber === undefined && typeof r.ErrorMessage === 'string',
        )
      )
    }),
  )
})

t.test('errors read as Kinesis writes them', async (t) => {
  const merged = mergePutRecordsResult(['ProvisionedThroughputExceededException', 'InternalFailure'], undefined, 'sdp-events')
  t.same(merged, {
    FailedRecordCount: 2,
    Records: [
      { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for stream sdp-events under account 000000000000.' },
      { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal Service Failure' },
    ],
  })
  t.equal(parsePutRecords(Buffer.from('not json')), undefined)
})
