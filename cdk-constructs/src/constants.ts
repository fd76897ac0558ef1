/**
 * Environment variables of a deployed job's handler. The names are the platform's: the lake
 * bucket, the stream (for shard lineage) and the job's name, which also names its state prefix,
 * its dead letters and its metrics, as on the local platform.
 */
export const JOB_ENV = {
  jobName: 'JOB_NAME',
  bucket: 'LAKE_BUCKET',
  streamName: 'STREAM_NAME',
  resultsTable: 'JOB_RESULTS_TABLE',
  stateRetentionSeconds: 'STATE_RETENTION_SECONDS',
} as const

/** Where a job keeps things, derived from its name as the local platform does. */
export const jobLayout = (name: string) =>
  ({
    /** Object-key prefix of its state segments and checkpoints. */
    statePrefix: `state/jobs/${name}/`,
    /** Its dead-letter source: records land under `errors/<source>/`. */
    deadLetterSource: `job-${name}`,
    /** The `service` dimension of its metrics and the `service` key of its log lines. */
    serviceName: `job-${name}`,
  }) as const

/** A job name that is safe as a key prefix, a metric dimension and a CloudFormation name part. */
export const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/

/** CloudWatch namespace of the metrics every handler publishes (Powertools' EMF). */
export const METRICS_NAMESPACE = 'sdp'

/** How long a job's keyed state (a join index) lives without being written, by default: a day. */
export const DEFAULT_STATE_RETENTION_SECONDS = 86_400

/**
 * Node options of stream consumers: a 64 MB young-generation semi-space lets a large batch's
 * parsed events die young instead of being promoted.
 */
export const STREAM_CONSUMER_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=64'
