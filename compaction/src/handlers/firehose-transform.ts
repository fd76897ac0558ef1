// Firehose data-transformation Lambda of the raw landing (raw_bcns).
// Config: LAKE_BUCKET (refused records with reasons go to errors/firehose-transform/).
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS } from '@sdp/catalog'
import { createFirehoseTransformHandler } from '../firehose/createFirehoseTransformHandler.js'
import type { FirehoseTransformationEvent, FirehoseTransformationResponse } from '../firehose/types.js'
import { requiredSetting } from '../config.js'

/** Builds the function from the environment and the SDK's default client configuration. */
export function handlerFromEnv(env: Readonly<Record<string, string | undefined>> = process.env) {
  return createFirehoseTransformHandler({ s3: new S3Client({ requestHandler: CLIENT_TIMEOUTS }), bucket: requiredSetting(env, 'LAKE_BUCKET') })
}

let configured: ReturnType<typeof handlerFromEnv> | undefined

/** The Lambda entry point. */
export async function handler(event: FirehoseTransformationEvent, _context?: unknown): Promise<FirehoseTransformationResponse> {
  configured ??= handlerFromEnv()
  return configured(event)
}
