// Scheduled compaction Lambda (EventBridge schedule): merges the small Parquet files of closed
// partitions and swaps each partition's Glue location in one step.
// Config: LAKE_BUCKET, GLUE_DATABASE, and COMPACTION_* of ../config.ts.
import { GlueClient } from '@aws-sdk/client-glue'
import { S3Client } from '@aws-sdk/client-s3'
import { CLIENT_TIMEOUTS, createTelemetry, lazyHandler, readEnv, string, type Env } from '@sdp/service-kit'
import { COMPACTION_SETTINGS } from '../config.js'
import { createCompactionHandler } from '../compact/createCompactionHandler.js'

export { createCompactionHandler }

const telemetry = createTelemetry({ serviceName: 'compaction' })

/** Builds the function from the environment and the SDK's default client configuration. @throws ConfigError naming every bad variable */
export function compactionHandlerFromEnv(env: Env = process.env) {
  const { bucket, database, targetMb, ...settings } = readEnv(env, { bucket: string('LAKE_BUCKET'), database: string('GLUE_DATABASE'), ...COMPACTION_SETTINGS })
  return createCompactionHandler({
    s3: new S3Client({ requestHandler: CLIENT_TIMEOUTS }),
    glue: new GlueClient({ requestHandler: CLIENT_TIMEOUTS }),
    bucket,
    database,
    settings: { targetBytes: targetMb * 2 ** 20, ...settings },
    telemetry,
  })
}

const compact = lazyHandler(() => compactionHandlerFromEnv(), telemetry.logger)

/** The Lambda entry point; the scheduled event carries nothing the run needs. Settings are read on the first invocation. */
export async function handler(_event?: unknown, _context?: unknown) {
  return compact()
}
