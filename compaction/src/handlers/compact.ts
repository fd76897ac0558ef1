// Scheduled compaction Lambda (EventBridge schedule): merges the small Parquet files of closed
// partitions and swaps each partition's Glue location in one step.
// Config: LAKE_BUCKET, GLUE_DATABASE, and COMPACTION_* of ../config.ts.
import { GlueClient } from '@aws-sdk/client-glue'
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS } from '@sdp/catalog'
import { compactionSettingsFromEnv, requiredSetting } from '../config.js'
import { createCompactionHandler } from '../compact/createCompactionHandler.js'

/** Builds the function from the environment and the SDK's default client configuration. */
export function handlerFromEnv(env: Readonly<Record<string, string | undefined>> = process.env) {
  return createCompactionHandler({
    s3: new S3Client({ requestHandler: CLIENT_TIMEOUTS }),
    glue: new GlueClient({ requestHandler: CLIENT_TIMEOUTS }),
    bucket: requiredSetting(env, 'LAKE_BUCKET'),
    database: requiredSetting(env, 'GLUE_DATABASE'),
    settings: compactionSettingsFromEnv(env),
  })
}

let configured: ReturnType<typeof handlerFromEnv> | undefined

/** The Lambda entry point; the scheduled event carries nothing the run needs. */
export async function handler(_event?: unknown, _context?: unknown) {
  configured ??= handlerFromEnv()
  return configured()
}
