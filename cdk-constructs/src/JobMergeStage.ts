import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { grantList, grantObjects } from './bucketGrants.js'
import { BundledFunction } from './BundledFunction.js'
import { JOB_ENV, STREAM_CONSUMER_NODE_OPTIONS, jobLayout } from './constants.js'
import type { HandlerCode } from './HandlerCode.js'
import { TumblingWindowConsumer } from './TumblingWindowConsumer.js'

/** Props of {@link JobMergeStage}. */
export interface JobMergeStageProps {
  /** The job's name: it names the stage's prefixes and metrics. */
  readonly name: string
  /**
   * The job's code: the function runs its `mergeHandler`. Or a handler file whose `handler` merges
   * (configured by `environment` besides `LAKE_BUCKET` and `PARTIALS_STREAM`; no lake table).
   */
  readonly code: HandlerCode
  /** The job's partials stream, written by stage 1. */
  readonly partials: kinesis.IStream
  /** Its state, dead letters and lake table go here. */
  readonly bucket: s3.IBucket
  /** Where the final values go (`resultsTableDefinition` layout). */
  readonly resultsTable: dynamodb.ITable
  /** Lambda tumbling window, seconds (1–900). @default 60 */
  readonly windowSeconds?: number
  /** @default 1000 */
  readonly batchSize?: number
  /** @default 5 */
  readonly maxBatchingWindowSeconds?: number
  /** State prefix of a handler file. @default `state/jobs/<name>-merge/` */
  readonly statePrefix?: string
  /** Dead-letter prefix of a handler file. @default `errors/job-<name>-merge/` */
  readonly deadLetterPrefix?: string
  /** @default `Kinesis tumbling-window consumer: merges the partials of job <name> into its results (stage 2)` */
  readonly description?: string
  /** Further environment variables of the function. @default {} */
  readonly environment?: Readonly<Record<string, string>>
  /** @default 1024 */
  readonly memorySize?: number
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration
}

/**
 * Stage 2 of a job: its `mergeHandler` on a tumbling-window mapping of the job's partials stream,
 * with the retry, bisect-on-error and failure-queue policy of stage 1. It merges each stage-1
 * contribution once (state under `state/jobs/<name>-merge/`), writes each (key, window)'s final
 * value with a conditional `PutItem` and a row under `parquet/job_<name>/`, and dead-letters
 * refused records under `errors/job-<name>-merge/`. It may do nothing else.
 *
 * @example
 * new JobMergeStage(this, 'Merge', { name: 'q7', code, partials, bucket, resultsTable })
 */
export class JobMergeStage extends Construct {
  readonly handler: BundledFunction
  readonly consumer: TumblingWindowConsumer

  constructor(scope: Construct, id: string, props: JobMergeStageProps) {
    super(scope, id)
    const layout = jobLayout(props.name)
    const isJob = props.code.isJob
    const statePrefix = props.statePrefix ?? layout.mergeStatePrefix
    this.handler = new BundledFunction(this, 'Handler', {
      code: props.code,
      // A handler file exports its one handler as `handler`.
      stage: isJob ? 'merge' : 'window',
      description: props.description ?? `Kinesis tumbling-window consumer: merges the partials of job ${props.name} into its results (stage 2)`,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      roleDescription: `${props.name} merge stage: its log group plus what its construct grants`,
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        ...(isJob ? { [JOB_ENV.jobName]: props.name } : {}),
        [JOB_ENV.bucket]: props.bucket.bucketName,
        // Read for shard lineage (ListShards): a child shard's merges are ordered after its parents'.
        [JOB_ENV.partialsStream]: props.partials.streamName,
        ...(isJob ? { [JOB_ENV.resultsTable]: props.resultsTable.tableName } : {}),
        ...props.environment,
      },
    })
    const role = this.handler.role
    grantObjects(props.bucket, role, [statePrefix], ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    grantList(props.bucket, role, [statePrefix])
    const writes = [props.deadLetterPrefix ?? `errors/${layout.mergeDeadLetterSource}/`, ...(isJob ? [layout.lakePrefix] : [])]
    grantObjects(props.bucket, role, writes, ['s3:PutObject'])
    // Conditional PutItem of absolute values only: the stage never reads the table (its state is in S3).
    props.resultsTable.grant(role, 'dynamodb:PutItem')
    // The consumer grants the stream's reads, ListShards included.
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream: props.partials,
      fn: this.handler.fn,
      ...(props.windowSeconds === undefined ? {} : { windowSeconds: props.windowSeconds }),
      ...(props.batchSize === undefined ? {} : { batchSize: props.batchSize }),
      ...(props.maxBatchingWindowSeconds === undefined ? {} : { maxBatchingWindowSeconds: props.maxBatchingWindowSeconds }),
    })
  }
}
