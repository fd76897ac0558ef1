import type { PutRecordsCommand, PutRecordsCommandOutput, PutRecordsResultEntry } from '@aws-sdk/client-kinesis'
import type { KinesisWriter } from '../../src/types.js'

/**
 * A scripted stand-in for Kinesis, only for what kinesalite cannot do: throttle. `script` gets the
 * call number (from 1) and the partition keys sent, and returns the error code of each entry
 * (`undefined` = written), or throws to fail the whole call.
 */
export class FakeKinesis implements KinesisWriter {
  readonly calls: string[][] = []

  constructor(private readonly script: (call: number, keys: readonly string[]) => readonly (string | undefined)[]) {}

  async send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput> {
    const keys = (command.input.Records ?? []).map((r) => r.PartitionKey ?? '')
    this.calls.push(keys)
    const codes = this.script(this.calls.length, keys)
    const Records: PutRecordsResultEntry[] = codes.map((code, i) =>
      code === undefined
        ? { SequenceNumber: `${this.calls.length}-${i}`, ShardId: 'shardId-000000000000' }
        : { ErrorCode: code, ErrorMessage: `${code} for ${keys[i]}` },
    )
    return { Records, FailedRecordCount: codes.filter((c) => c !== undefined).length, $metadata: {} }
  }
}

/** An error shaped like the AWS SDK's service exceptions. */
export function awsError(name: string, fault: 'client' | 'server'): Error {
  return Object.assign(new Error(name), { name, $fault: fault, $metadata: {} })
}
