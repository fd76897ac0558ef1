import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { createTelemetry, reportCounts, type Telemetry } from '@sdp/service-kit'
import { deadLetterObject } from './deadLetterObject.js'
import { transformFirehoseEvent } from './transformFirehoseEvent.js'
import type { FirehoseTransformationEvent, FirehoseTransformationResponse } from './types.js'

/** Clients and settings of the transformation Lambda. */
export interface FirehoseTransformDependencies {
  readonly s3: Pick<S3Client, 'send'>
  /** The lake bucket: refused records with their reasons go to `errors/firehose-transform/`. */
  readonly bucket: string
  /** Where each invocation's line and counts go. @default JSON and EMF on stdout, service `firehose-transform` */
  readonly telemetry?: Telemetry
}

/**
 * The Firehose data-transformation function of the raw landing: transforms the batch, writes the
 * refused records with their reasons to `errors/` (named from the records, so Firehose's retry
 * rewrites the same object) before answering, and logs the counts.
 */
export function createFirehoseTransformHandler(deps: FirehoseTransformDependencies) {
  const telemetry = deps.telemetry ?? createTelemetry({ serviceName: 'firehose-transform' })
  return async function transform(event: FirehoseTransformationEvent): Promise<FirehoseTransformationResponse> {
    const { response, refused, counts } = transformFirehoseEvent(event)
    const first = refused[0]
    const last = refused[refused.length - 1]
    const dead = first && last ? deadLetterObject(refused, `${first.id}-${last.id}`) : undefined
    if (dead) {
      await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: dead.key, Body: dead.body, ContentType: 'application/json' }))
    }
    reportCounts(
      telemetry,
      'firehose-transform',
      {
        function: 'firehose-transform',
        invocationId: event.invocationId,
        ...(refused.length > 0 ? { refused: refused.slice(0, 10).map((r) => ({ id: r.id, reason: r.reason })), deadLetters: dead?.key } : {}),
      },
      counts,
    )
    return response
  }
}
