import { fileURLToPath } from 'node:url'

/** The monorepo root (where `package-lock.json` lives); handler entries are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Default output directory of `app.synth()`: `infra/cdk.out/` (gitignored). */
export const DEFAULT_OUTDIR = fileURLToPath(new URL('../../cdk.out/', import.meta.url))

/** The stack's name in the cloud assembly and in CloudFormation. */
export const STACK_NAME = 'StreamingDataPlatform'

/**
 * Entry file of every Lambda handler, relative to {@link REPO_ROOT}. Each exports `handler` and
 * reads its configuration only from environment variables.
 */
export const HANDLER_ENTRIES = {
  ingest: 'ingest/src/handlers/ingest-api.ts',
  window: 'reporting/src/handlers/window.ts',
  merge: 'reporting/src/handlers/merge.ts',
  walkins: 'reporting/src/handlers/walkins.ts',
  reports: 'reporting/src/handlers/reports-api.ts',
  heartbeat: 'stream-runtime/src/handlers/heartbeat.ts',
  train: 'ml/src/handlers/train.ts',
  predict: 'ml/src/handlers/predict-api.ts',
  firehoseTransform: 'compaction/src/handlers/firehose-transform.ts',
  compact: 'compaction/src/handlers/compact.ts',
} as const

/** A key of {@link HANDLER_ENTRIES}. */
export type HandlerName = keyof typeof HANDLER_ENTRIES

/** Prefixes of the lake bucket (docs/architecture.md, "Lake layout"). */
export const LAKE_PREFIXES = {
  raw: 'raw/',
  parquet: 'parquet/',
  errors: 'errors/',
  state: 'state/',
  models: 'models/bid-win/',
  athenaResults: 'athena-results/',
} as const

/** Stand-in bundled for `@duckdb/node-api` in functions that do not deploy DuckDB. */
export const DUCKDB_STUB = fileURLToPath(new URL('./stubs/duckdbUnavailable.ts', import.meta.url))

/** Packages of DuckDB's native build for linux-x64, copied next to a bundle that uses DuckDB. */
export const DUCKDB_PACKAGES = ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-linux-x64', 'detect-libc'] as const

/**
 * Node options of the stream consumers: a 64 MB young-generation semi-space lets a 10,000-record
 * batch's parsed events die young instead of being promoted (measured by the engine benchmark,
 * which `npm run bench` runs with the same flag).
 */
export const STREAM_CONSUMER_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=64'
