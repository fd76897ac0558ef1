import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import { resultsTable } from './resultsTable.js'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { grantList, grantObjects } from './bucketGrants.js'
import { BundledFunction } from './BundledFunction.js'
import { JOB_ENV, METRICS_NAMESPACE, STATE_EXPIRATION_DAYS, STREAM_CONSUMER_NODE_OPTIONS, jobLayout } from './constants.js'
import { JobMergeStage } from './JobMergeStage.js'
import { acknowledge } from './nag.js'
import { resolveProps, type ResolvedProps, type StreamAggregationProps } from './streamAggregationProps.js'
import { TumblingWindowConsumer } from './TumblingWindowConsumer.js'

export type { MergeHandlerProps, StreamAggregationProps } from './streamAggregationProps.js'

/**
 * Deploys one aggregation job onto a Kinesis stream, the way the platform (and `npm start`) runs
 * it. A job file becomes two stages: stage 1, the job bundled with the platform's window handler on
 * a tumbling-window mapping of the stream, sends its packed partials to the job's partials stream;
 * stage 2 ({@link JobMergeStage}) merges each contribution once into the results table and the
 * job's lake table. Both mappings never drop records while the stream holds them (bisect on error,
 * failure queue); each stage keeps its state and dead letters under its own prefixes, may touch
 * nothing else, and one alarm watches both stages' dead-letter rates. A handler file is one stage.
 * With `enhancedFanOut` stage 1 reads through a stream consumer of its own.
 *
 * @example
 * const events = kinesis.Stream.fromStreamArn(this, 'Events', 'arn:aws:kinesis:eu-west-1:123456789012:stream/events')
 * const q7 = new StreamAggregation(this, 'TopBids', {
 *   name: 'nexmark-q7',
 *   code: HandlerCode.fromJobFile(join(import.meta.dirname, 'q7.ts')),
 *   stream: events,
 *   windowSeconds: 300,
 *   enhancedFanOut: true,
 * })
 * // q7.resultsTable: read with JobResultsTable of @sdp/stream-runtime
 */
export class StreamAggregation extends Construct {
  readonly stream: kinesis.IStream
  readonly bucket: s3.IBucket
  /** A job's results table (stage 2 writes it). */
  readonly resultsTable?: dynamodb.ITable
  /** The partials stream stage 1 writes: a job's stage 2 consumes it. */
  readonly partialsStream?: kinesis.IStream
  /** Stage 1's function. */
  readonly handler: BundledFunction
  /** Stage 1's mapping. */
  readonly consumer: TumblingWindowConsumer
  /** A job's stage 2: its function and mapping. */
  readonly merge?: JobMergeStage
  /** The enhanced fan-out consumer stage 1 reads through, when `enhancedFanOut`. */
  readonly fanOut?: kinesis.StreamConsumer
  /** The highest dead-letter share of the stages over 5 minutes (0 without records). */
  readonly deadLetterRate: cloudwatch.MathExpression
  readonly deadLetterAlarm: cloudwatch.Alarm
  /** Stage 1's state prefix (a job's stage 2 keeps its state under `state/jobs/<name>-merge/`). */
  readonly statePrefix: string
  /** Stage 1's dead-letter prefix (a job's stage 2 writes under `errors/job-<name>-merge/`). */
  readonly deadLetterPrefix: string

  constructor(scope: Construct, id: string, props: StreamAggregationProps) {
    // Checked before anything is created: bad props leave the scope as it was.
    const resolved = resolveProps(props)
    super(scope, id)
    this.statePrefix = resolved.statePrefix
    this.deadLetterPrefix = resolved.deadLetterPrefix
    this.stream = props.stream ?? this.createStream()
    this.bucket = props.bucket ?? this.createBucket(resolved)
    this.partialsStream = props.partialsStream ?? (resolved.twoStage ? this.createPartialsStream(resolved.partialsShards) : undefined)
    this.resultsTable = resolved.twoStage ? (props.resultsTable ?? this.createResultsTable()) : undefined
    this.handler = this.createFunction(props, resolved)
    this.grantStage1()
    this.fanOut = props.enhancedFanOut ? this.registerFanOut(resolved.name) : undefined
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream: this.stream,
      fn: this.handler.fn,
      ...(props.windowSeconds === undefined ? {} : { windowSeconds: props.windowSeconds }),
      ...(props.batchSize === undefined ? {} : { batchSize: props.batchSize }),
      ...(props.maxBatchingWindowSeconds === undefined ? {} : { maxBatchingWindowSeconds: props.maxBatchingWindowSeconds }),
      ...(this.fanOut ? { fanOut: this.fanOut } : {}),
    })
    this.merge = resolved.twoStage ? this.createMergeStage(props, resolved) : undefined
    this.deadLetterRate = deadLetterRate(resolved.services)
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterRate', {
      alarmDescription: alarmDescription(resolved),
      metric: this.deadLetterRate,
      threshold: resolved.threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })
  }

  /** Stage 1's function. */
  get fn(): lambda.Function {
    return this.handler.fn
  }

  /** The on-failure queue of stage 1's mapping: one message per batch that left the stream unprocessed. */
  get failures() {
    return this.consumer.failures
  }

  private createStream(): kinesis.Stream {
    return new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    })
  }

  private createPartialsStream(shardCount: number): kinesis.Stream {
    // Provisioned: stage 1 packs many partials to a record, so a few shards carry a large job.
    return new kinesis.Stream(this, 'Partials', {
      streamMode: kinesis.StreamMode.PROVISIONED,
      shardCount,
      encryption: kinesis.StreamEncryption.MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    })
  }

  private createBucket(resolved: ResolvedProps): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // Live shards rewrite their checkpoint every window; a checkpoint must outlive the records the
        // stream may still replay (24 h by default). A job's merge state is not expired: its merge
        // marks and window values must outlive a quiet spell of the partials stream.
        { id: 'state', prefix: resolved.statePrefix, expiration: Duration.days(STATE_EXPIRATION_DAYS) },
        ...deadLetterPrefixes(resolved).map((prefix, i) => ({ id: `dead-letters-${i + 1}`, prefix, expiration: Duration.days(30) })),
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    })
    acknowledge(bucket, 'AwsSolutions-S1', "The job's own state and dead-letter bucket: written only by its functions, whose calls CloudTrail records.")
    return bucket
  }

  private createResultsTable(): dynamodb.Table {
    // Job results: pk `<job>#<key>`, sk `<start>:<end>`, read by JobResultsTable.
    return resultsTable(this, 'Results')
  }

  private createFunction(props: StreamAggregationProps, resolved: ResolvedProps): BundledFunction {
    return new BundledFunction(this, 'Window', {
      code: props.code,
      description: props.description ?? `Kinesis tumbling-window consumer: job ${resolved.name}`,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      roleDescription: `${resolved.name} stream aggregation: its log group plus what its construct grants`,
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        [JOB_ENV.bucket]: this.bucket.bucketName,
        [JOB_ENV.streamName]: this.stream.streamName,
        ...(this.partialsStream ? { [JOB_ENV.partialsStream]: this.partialsStream.streamName } : {}),
        ...(resolved.isJob ? { [JOB_ENV.jobName]: resolved.name } : {}),
        ...props.environment,
      },
    })
  }

  /** Stage 1: its state prefix (read, write, delete, list), its dead letters (write), the partials stream (write). */
  private grantStage1(): void {
    const role = this.handler.role
    grantObjects(this.bucket, role, [this.statePrefix], ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    grantList(this.bucket, role, [this.statePrefix])
    grantObjects(this.bucket, role, [this.deadLetterPrefix], ['s3:PutObject'])
    this.partialsStream?.grantWrite(role)
  }

  private createMergeStage(props: StreamAggregationProps, resolved: ResolvedProps): JobMergeStage {
    const handler = resolved.mergeHandler
    // A handler file's stages are configured apart: stage 1's settings are not stage 2's.
    const environment = handler ? props.mergeHandler?.environment : props.environment
    return new JobMergeStage(this, 'Merge', {
      name: props.name,
      code: handler?.code ?? props.code,
      ...(handler ? { statePrefix: handler.statePrefix, deadLetterPrefix: handler.deadLetterPrefix } : {}),
      ...(props.mergeHandler?.description === undefined ? {} : { description: props.mergeHandler.description }),
      partials: this.partialsStream as kinesis.IStream,
      bucket: this.bucket,
      resultsTable: this.resultsTable as dynamodb.ITable,
      ...(props.mergeWindowSeconds === undefined ? {} : { windowSeconds: props.mergeWindowSeconds }),
      ...(props.mergeBatchSize === undefined ? {} : { batchSize: props.mergeBatchSize }),
      ...(props.mergeMaxBatchingWindowSeconds === undefined ? {} : { maxBatchingWindowSeconds: props.mergeMaxBatchingWindowSeconds }),
      ...(props.memorySize === undefined ? {} : { memorySize: props.memorySize }),
      ...(props.timeout === undefined ? {} : { timeout: props.timeout }),
      ...(environment === undefined ? {} : { environment }),
    })
  }

  private registerFanOut(name: string): kinesis.StreamConsumer {
    return new kinesis.StreamConsumer(this, 'FanOut', {
      stream: this.stream,
      // Unique per stream: the stack and the job name it deploys.
      streamConsumerName: `${Stack.of(this).stackName}-${name}`.slice(0, 128),
    })
  }
}

function alarmDescription(resolved: ResolvedProps): string {
  const share = `${resolved.threshold * 100}% of its records`
  const where = deadLetterPrefixes(resolved).join(' and ')
  return resolved.twoStage
    ? `${resolved.name}: a stage dead-lettered more than ${share} in 5 minutes; read them under ${where}`
    : `${resolved.name}: more than ${share} were dead-lettered in 5 minutes; read them under ${where}`
}

/** Where the stages' dead letters land. */
function deadLetterPrefixes(resolved: ResolvedProps): string[] {
  if (resolved.mergeHandler) return [resolved.deadLetterPrefix, resolved.mergeHandler.deadLetterPrefix]
  return resolved.isJob ? [resolved.deadLetterPrefix, `errors/${jobLayout(resolved.name).mergeDeadLetterSource}/`] : [resolved.deadLetterPrefix]
}

/**
 * The highest dead-letters-per-record share over 5 minutes among the handlers whose metrics carry
 * each `service` (0 for a stage without records): one stage's bad data is not diluted by the other's volume.
 */
function deadLetterRate(services: readonly string[]): cloudwatch.MathExpression {
  const metric = (metricName: string, service: string) =>
    new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.minutes(5) })
  // Metric ids must start with a lower-case letter: records, deadLetters, then records2, deadLetters2...
  const suffix = (i: number) => (i === 0 ? '' : String(i + 1))
  const rates = services.map((_, i) => `IF(records${suffix(i)} > 0, deadLetters${suffix(i)} / records${suffix(i)}, 0)`)
  const usingMetrics = Object.fromEntries(
    services.flatMap((service, i) => [
      [`records${suffix(i)}`, metric('records', service)],
      [`deadLetters${suffix(i)}`, metric('deadLetters', service)],
    ]),
  )
  return new cloudwatch.MathExpression({
    expression: rates.length === 1 ? (rates[0] as string) : `MAX([${rates.join(', ')}])`,
    usingMetrics,
    label: `${services.join(' and ')} dead-letter rate`,
    period: Duration.minutes(5),
  })
}
