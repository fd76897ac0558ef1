import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { grantList, grantObjects } from './bucketGrants.js'
import { BundledFunction } from './BundledFunction.js'
import { DEFAULT_STATE_RETENTION_SECONDS, JOB_ENV, JOB_NAME, METRICS_NAMESPACE, STREAM_CONSUMER_NODE_OPTIONS, jobLayout } from './constants.js'
import { InvalidPropsError } from './errors.js'
import type { HandlerCode } from './HandlerCode.js'
import { acknowledge } from './nag.js'
import { TumblingWindowConsumer, checkConsumerProps } from './TumblingWindowConsumer.js'

/** Props of {@link StreamAggregation}. */
export interface StreamAggregationProps {
  /** The job's name (`defineWindowJob({ name })`): it names the state prefix, dead letters, metrics and results. */
  readonly name: string
  /** What runs: usually `HandlerCode.fromJobFile('jobs/q7.ts')`. */
  readonly code: HandlerCode
  /** The stream to aggregate, e.g. `Stream.fromStreamArn(...)`. @default a new on-demand stream, encrypted with `aws/kinesis` */
  readonly stream?: kinesis.IStream
  /** Where the state and the dead letters go. @default a new encrypted, TLS-only bucket */
  readonly bucket?: s3.IBucket
  /** @default `state/jobs/<name>/` */
  readonly statePrefix?: string
  /** @default `errors/job-<name>/` */
  readonly deadLetterPrefix?: string
  /** A keyed state entry (a join index) lives this long without being written. @default one day */
  readonly stateRetention?: Duration
  /**
   * Where a job's results go: a table with `pk`/`sk` strings (`JOB_RESULTS_TABLE`).
   * @default a new on-demand table, for a job file without `partialsStream`
   */
  readonly resultsTable?: dynamodb.ITable
  /**
   * A partials stream of a second stage: the handler may write it (`PARTIALS_STREAM`). For handler
   * files that send their partials to a merge stage. @default none
   */
  readonly partialsStream?: kinesis.IStream
  /** Lambda tumbling window, seconds (1–900). @default 60 */
  readonly windowSeconds?: number
  /** @default 1000 */
  readonly batchSize?: number
  /** @default 5 */
  readonly maxBatchingWindowSeconds?: number
  /** Read through a registered enhanced fan-out consumer of the stream. @default false */
  readonly enhancedFanOut?: boolean
  /** The alarm fires when dead letters exceed this share of the records in 5 minutes. @default 0.01 */
  readonly deadLetterRateThreshold?: number
  /** The `service` dimension of the handler's metrics. @default `job-<name>` */
  readonly metricsService?: string
  /** Further environment variables of the function. @default {} */
  readonly environment?: Readonly<Record<string, string>>
  /** @default `Kinesis tumbling-window consumer: job <name>` */
  readonly description?: string
  /** @default 1024 */
  readonly memorySize?: number
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration
}

/** What the props resolve to, checked. */
interface Resolved {
  readonly name: string
  readonly statePrefix: string
  readonly deadLetterPrefix: string
  readonly stateRetentionSeconds: number
  readonly threshold: number
  readonly service: string
}

function resolveProps(props: StreamAggregationProps): Resolved {
  if (typeof props.name !== 'string' || !JOB_NAME.test(props.name)) {
    throw new InvalidPropsError(`name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit, got ${JSON.stringify(props.name)}`)
  }
  const layout = jobLayout(props.name)
  const statePrefix = props.statePrefix ?? layout.statePrefix
  const deadLetterPrefix = props.deadLetterPrefix ?? `errors/${layout.deadLetterSource}/`
  for (const [prop, prefix] of [
    ['statePrefix', statePrefix],
    ['deadLetterPrefix', deadLetterPrefix],
  ] as const) {
    if (!/^[A-Za-z0-9][\w./-]*\/$/.test(prefix)) throw new InvalidPropsError(`${prop} must be a key prefix ending in '/', got '${prefix}'`)
  }
  if (props.code.isJob && props.partialsStream) {
    throw new InvalidPropsError('partialsStream is for handler files that send partials to a second stage; a job file writes its results table')
  }
  checkConsumerProps(props)
  const threshold = props.deadLetterRateThreshold ?? 0.01
  if (!(threshold > 0 && threshold <= 1)) throw new InvalidPropsError(`deadLetterRateThreshold must be in (0, 1], got ${threshold}`)
  const stateRetentionSeconds = props.stateRetention?.toSeconds() ?? DEFAULT_STATE_RETENTION_SECONDS
  return { name: props.name, statePrefix, deadLetterPrefix, stateRetentionSeconds, threshold, service: props.metricsService ?? layout.serviceName }
}

/**
 * Deploys one aggregation job onto a Kinesis stream, the way the platform deploys its own: the
 * job bundled with the platform's window handler, a tumbling-window event-source mapping that
 * never drops records while the stream holds them (bisect on error, failure queue), the job's
 * state and dead letters under their prefixes of a bucket, its results table, and an alarm on its
 * dead-letter rate. With `enhancedFanOut` it reads through a stream consumer of its own.
 *
 * @example
 * const events = kinesis.Stream.fromStreamArn(this, 'Events', 'arn:aws:kinesis:eu-west-1:123456789012:stream/events')
 * new StreamAggregation(this, 'TopBids', {
 *   name: 'nexmark-q7',
 *   code: HandlerCode.fromJobFile(join(import.meta.dirname, 'q7.ts')),
 *   stream: events,
 *   windowSeconds: 300,
 *   enhancedFanOut: true,
 * })
 */
export class StreamAggregation extends Construct {
  readonly stream: kinesis.IStream
  readonly bucket: s3.IBucket
  /** The results table, when the job writes one. */
  readonly resultsTable?: dynamodb.ITable
  readonly handler: BundledFunction
  readonly consumer: TumblingWindowConsumer
  /** The enhanced fan-out consumer the mapping reads through, when `enhancedFanOut`. */
  readonly fanOut?: kinesis.StreamConsumer
  /** Dead letters per record over 5 minutes (0 without records). */
  readonly deadLetterRate: cloudwatch.MathExpression
  readonly deadLetterAlarm: cloudwatch.Alarm
  readonly statePrefix: string
  readonly deadLetterPrefix: string

  constructor(scope: Construct, id: string, props: StreamAggregationProps) {
    // Checked before anything is created: bad props leave the scope as it was.
    const resolved = resolveProps(props)
    super(scope, id)
    this.statePrefix = resolved.statePrefix
    this.deadLetterPrefix = resolved.deadLetterPrefix
    this.stream = props.stream ?? this.createStream()
    this.bucket = props.bucket ?? this.createBucket(resolved)
    this.resultsTable = props.resultsTable ?? (props.code.isJob ? this.createResultsTable() : undefined)
    this.handler = this.createFunction(props, resolved)
    this.grantStorage(props.partialsStream)
    this.fanOut = props.enhancedFanOut ? this.registerFanOut(resolved.name) : undefined
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream: this.stream,
      fn: this.handler.fn,
      ...(props.windowSeconds === undefined ? {} : { windowSeconds: props.windowSeconds }),
      ...(props.batchSize === undefined ? {} : { batchSize: props.batchSize }),
      ...(props.maxBatchingWindowSeconds === undefined ? {} : { maxBatchingWindowSeconds: props.maxBatchingWindowSeconds }),
      ...(this.fanOut ? { fanOut: this.fanOut } : {}),
    })
    this.deadLetterRate = deadLetterRate(resolved.service)
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterRate', {
      alarmDescription: `${resolved.name}: more than ${resolved.threshold * 100}% of its records were dead-lettered in 5 minutes; read them under ${resolved.deadLetterPrefix}`,
      metric: this.deadLetterRate,
      threshold: resolved.threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })
  }

  /** The function that runs the job. */
  get fn(): lambda.Function {
    return this.handler.fn
  }

  /** The on-failure queue of the mapping: one message per batch that left the stream unprocessed. */
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

  private createBucket(resolved: Resolved): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // A checkpoint must outlive the records the stream may still replay (24 h by default).
        { id: 'state', prefix: resolved.statePrefix, expiration: Duration.days(Math.ceil(resolved.stateRetentionSeconds / 86_400) + 1) },
        { id: 'dead-letters', prefix: resolved.deadLetterPrefix, expiration: Duration.days(30) },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    })
    acknowledge(bucket, 'AwsSolutions-S1', "The job's own state and dead-letter bucket: written only by its function, whose calls CloudTrail records.")
    return bucket
  }

  private createResultsTable(): dynamodb.Table {
    // The layout of stream-runtime's JobResultsStore: pk `<job>#<key>`, sk `<start>:<end>`.
    return new dynamodb.Table(this, 'Results', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    })
  }

  private createFunction(props: StreamAggregationProps, resolved: Resolved): BundledFunction {
    const jobSettings: Record<string, string> = props.code.isJob
      ? { [JOB_ENV.jobName]: resolved.name, [JOB_ENV.stateRetentionSeconds]: String(resolved.stateRetentionSeconds) }
      : {}
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
        ...(props.partialsStream ? { PARTIALS_STREAM: props.partialsStream.streamName } : {}),
        ...(this.resultsTable ? { [JOB_ENV.resultsTable]: this.resultsTable.tableName } : {}),
        ...jobSettings,
        ...props.environment,
      },
    })
  }

  /** Its state prefix (read, write, delete, list), its dead letters (write), its results or partials. */
  private grantStorage(partialsStream: kinesis.IStream | undefined): void {
    const role = this.handler.role
    grantObjects(this.bucket, role, [this.statePrefix], ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    grantList(this.bucket, role, [this.statePrefix])
    grantObjects(this.bucket, role, [this.deadLetterPrefix], ['s3:PutObject'])
    // JobResultsStore: a conditional read-merge-write per (key, window), and Query for reads.
    this.resultsTable?.grant(role, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query')
    partialsStream?.grantWrite(role)
  }

  private registerFanOut(name: string): kinesis.StreamConsumer {
    return new kinesis.StreamConsumer(this, 'FanOut', {
      stream: this.stream,
      // Unique per stream: the stack and the job name it deploys.
      streamConsumerName: `${Stack.of(this).stackName}-${name}`.slice(0, 128),
    })
  }
}

/** Dead letters per record of the handlers whose metrics carry `service`, over 5 minutes. */
function deadLetterRate(service: string): cloudwatch.MathExpression {
  const metric = (metricName: string) =>
    new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.minutes(5) })
  return new cloudwatch.MathExpression({
    expression: 'IF(records > 0, deadLetters / records, 0)',
    usingMetrics: { records: metric('records'), deadLetters: metric('deadLetters') },
    label: `${service} dead-letter rate`,
    period: Duration.minutes(5),
  })
}
