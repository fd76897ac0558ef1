/**
 * Environment variables of a deployed job's two handlers. The names are the platform's: the job's
 * name (which also names its prefixes, dead letters and metrics, as on the local platform), the
 * lake bucket, the event stream stage 1 reads (for shard lineage), the partials stream between the
 * stages, and the results table stage 2 writes.
 */
export const JOB_ENV = {
  jobName: 'JOB_NAME',
  bucket: 'LAKE_BUCKET',
  streamName: 'STREAM_NAME',
  partialsStream: 'PARTIALS_STREAM',
  resultsTable: 'JOB_RESULTS_TABLE',
} as const

/**
 * Where a job keeps things, derived from its name as stream-runtime's job handlers do (and so the
 * local platform): stage 1 under `<…>/<name>/`, stage 2 under `<…>/<name>-merge/`.
 */
export const jobLayout = (name: string) =>
  ({
    /** Object-key prefix of stage 1's state segments and checkpoints. */
    statePrefix: `state/jobs/${name}/`,
    /** Stage 1's dead-letter source: records land under `errors/<source>/`. */
    deadLetterSource: `job-${name}`,
    /** The `service` dimension of stage 1's metrics and the `service` key of its log lines. */
    serviceName: `job-${name}`,
    /** Object-key prefix of stage 2's state (merge marks and window values). */
    mergeStatePrefix: `state/jobs/${name}-merge/`,
    /** Stage 2's dead-letter source. */
    mergeDeadLetterSource: `job-${name}-merge`,
    /** The `service` dimension of stage 2's metrics. */
    mergeServiceName: `job-${name}-merge`,
    /** Object-key prefix of the job's lake table `parquet_job_<name>` (lower case, `-` as `_`). */
    lakePrefix: `parquet/job_${name.toLowerCase().replaceAll('-', '_')}/`,
  }) as const

/** A job name that is safe as a key prefix, a metric dimension and a CloudFormation name part. */
export const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/

/** CloudWatch namespace of the metrics every handler publishes (Powertools' EMF). */
export const METRICS_NAMESPACE = 'sdp'

/**
 * Days the state objects of a bucket the construct creates are kept without being rewritten: a
 * job's keyed state lives a day without a write, and a checkpoint must outlive the records the
 * stream (24 h by default) may still replay.
 */
export const STATE_EXPIRATION_DAYS = 2

/** Shards of a job's partials stream by default: a job's partials are few next to its events. */
export const DEFAULT_PARTIALS_SHARDS = 1

/**
 * Node options of stream consumers: a 64 MB young-generation semi-space lets a large batch's
 * parsed events die young instead of being promoted.
 */
export const STREAM_CONSUMER_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=64'
