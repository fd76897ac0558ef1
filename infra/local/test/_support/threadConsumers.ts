/**
 * Consumers for the consumer-thread tests, built inside the thread: `probe` writes what it saw
 * (and in which thread) to S3; a record `"crash"` kills the thread with an uncaught error.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { threadId } from 'node:worker_threads'
import type { ConsumerDefinition } from '../../src/localPlatform.js'

/** Options of {@link probeConsumers}. */
export interface ProbeOptions {
  readonly bucket: string
}

/** One consumer, `probe`, that writes `probe/<shardId>/<first sequence number>.json` per batch. */
export function probeConsumers(options: ProbeOptions): ConsumerDefinition[] {
  return [
    {
      name: 'probe',
      handlerFactory: (ctx) => async (event) => {
        const payloads = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'))
        if (payloads.includes('"crash"')) {
          setTimeout(() => {
            throw new Error('the probe handler crashed its thread')
          })
        }
        const first = event.Records[0]
        if (first !== undefined) {
          await ctx.services.s3.send(
            new PutObjectCommand({
              Bucket: options.bucket,
              Key: `probe/${event.shardId}/${first.kinesis.sequenceNumber}.json`,
              Body: JSON.stringify({ threadId, payloads }),
            }),
          )
        }
        return { state: {} }
      },
    },
  ]
}

/** Not a function: starting a platform on it must fail clearly. */
export const notConsumers = 42
