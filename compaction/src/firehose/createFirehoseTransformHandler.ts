import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { deadLetterObject } from './deadLetterObject.js'
import { transformFirehoseEvent } from './transformFirehoseEvent.js'
import type { FirehoseTransformationEvent, FirehoseTransformationResponse } from './types.js'

/** Clients and settings of the transformation Lambda. */
export interface FirehoseTransformDependencies {
  readonly s3: Pick<S3Client, 'send'>
  /** The lake bucket: refused records with their reasons go to `errors/firehose-transform/`. */
  readonly bucket: string
  /** Structured log line per invocation. @default JSON on stdout */
  readonly log?: (entry: Record<string, unknown>) => void
}

/**
 * The Firehose data-transformation function of the raw landing: transforms the batch, writes the
 * refused records with their reasons to `errors/` (named from the records, so Firehose's retry
 * rewrites the same object) before answering, and logs the counts.
 */
export function createFirehoseTransformHandler(deps: FirehoseTransformDependencies) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)))
  return async function transform(event: FirehoseTransformationEvent): Promise<FirehoseTransformationResponse> {
    const { response, refused, counts } = transformFirehoseEvent(event)
    const first = refused[0]
    const last = refused[refused.length - 1]
    const dead = first && last ? deadLetterObject(refused, `${first.id}-${last.id}`) : undefined
    if (dead) {
      await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: dead.key, Body: dead.body, ContentType: 'application/json' }))
    }
    log({
      function: 'firehose-transform',
      invocationId: event.invocationId,
      ...counts,
      ...(refused.length > 0 ? { refused: refused.slice(0, 10).map((r) => ({ id: r.id, reason: r.reason })), deadLetters: dead?.key } : {}),
    })
    return response
  }
}
