import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { Construct } from 'constructs'
import { LAKE_PREFIXES, STREAM_CONSUMER_NODE_OPTIONS } from '../constants.js'
import type { StackSettings } from '../settings.js'
import type { DataLake } from './DataLake.js'
import { HandlerFunction } from './HandlerFunction.js'
import { TumblingWindowConsumer } from '@sdp/cdk-constructs'

/** Props of {@link ReportingMerge}. */
export interface ReportingMergeProps {
  /** The partials stream: stage 1 writes it, this stage consumes it. */
  readonly partials: kinesis.IStream
  /** The results table the reports API reads. */
  readonly results: dynamodb.ITable
  readonly lake: DataLake
  /** Stage 2's own tumbling window and batching, and the job's allowed lateness (as stage 1's). */
  readonly settings: Pick<StackSettings, 'mergeWindowSeconds' | 'mergeBatchSize' | 'mergeMaxBatchingWindowSeconds' | 'allowedLatenessSeconds'>
}

/** Lake prefixes of the merge stage. */
const STATE_PREFIX = `${LAKE_PREFIXES.state}reporting-merge/`
const ERRORS_PREFIX = `${LAKE_PREFIXES.errors}reporting-merge/`

/**
 * Stage 2 of the reporting job: the merge Lambda on its own tumbling-window event source of the
 * partials stream. It merges each packed partial of stage 1 once (state and merge marks under
 * `state/reporting-merge/`), writes the touched totals, hour and day items of the results table
 * with conditional `PutItem`, and dead-letters refused records under `errors/reporting-merge/`.
 * Same retry, bisect-on-error and failure-queue policy as the consumers of the event stream.
 */
export class ReportingMerge extends Construct {
  readonly handler: HandlerFunction
  readonly consumer: TumblingWindowConsumer

  constructor(scope: Construct, id: string, props: ReportingMergeProps) {
    super(scope, id)
    const { lake, partials, results, settings } = props
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'merge',
      description: 'Kinesis tumbling-window consumer: merges the partial counts of reporting stage 1 into the results table (stage 2)',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        LAKE_BUCKET: lake.bucket.bucketName,
        AGGREGATES_TABLE: results.tableName,
        // Read for shard lineage (ListShards): a child shard's writes are ordered after its parents'.
        PARTIALS_STREAM: partials.streamName,
        ALLOWED_LATENESS_SECONDS: String(settings.allowedLatenessSeconds),
      },
    })
    const role = this.handler.role
    lake.grantObjects(role, [STATE_PREFIX], ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    lake.grantList(role, [STATE_PREFIX])
    lake.grantObjects(role, [ERRORS_PREFIX], ['s3:PutObject'])
    // Conditional PutItem of absolute values only: the stage never reads the table (its state is in S3).
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [results.tableArn] }))
    // The consumer grants the stream's reads, ListShards and DescribeStreamSummary included.
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream: partials,
      fn: this.handler.fn,
      windowSeconds: settings.mergeWindowSeconds,
      batchSize: settings.mergeBatchSize,
      maxBatchingWindowSeconds: settings.mergeMaxBatchingWindowSeconds,
    })
  }
}
