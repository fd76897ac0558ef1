import { Duration } from 'aws-cdk-lib'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { InvalidPropsError } from './errors.js'
import { acknowledge } from './nag.js'

/** Props of {@link TumblingWindowConsumer}. */
export interface TumblingWindowConsumerProps {
  /** The stream to consume. */
  readonly stream: kinesis.IStream
  /** The window handler (answers `{state, batchItemFailures}`). */
  readonly fn: lambda.IFunction
  /** Lambda tumbling window, seconds (1–900). @default 60 */
  readonly windowSeconds?: number
  /** Records per invocation (1–10,000). @default 1000 */
  readonly batchSize?: number
  /** Seconds to gather records before invoking (0–300). @default 5 */
  readonly maxBatchingWindowSeconds?: number
  /**
   * An enhanced fan-out consumer of `stream` to read through (its own 2 MB/s per shard, pushed)
   * instead of the shared shard throughput. @default none: polls the stream
   */
  readonly fanOut?: kinesis.IStreamConsumer
}

/** Checks a whole-number prop against its range, naming it. */
function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new InvalidPropsError(`${name} must be a whole number from ${min} to ${max}, got ${value}`)
  return value
}

/** The window and batching of a mapping, checked against the service's limits. @throws InvalidPropsError naming the prop */
export function checkConsumerProps(
  props: { readonly [P in 'windowSeconds' | 'batchSize' | 'maxBatchingWindowSeconds']?: number | undefined },
  /** Prefix of the props' names in messages (`merge`: `mergeWindowSeconds`). @default none */
  prefix = '',
) {
  const named = (prop: string) => (prefix === '' ? prop : `${prefix}${prop[0]?.toUpperCase()}${prop.slice(1)}`)
  return {
    windowSeconds: checkRange(named('windowSeconds'), props.windowSeconds ?? 60, 1, 900),
    batchSize: checkRange(named('batchSize'), props.batchSize ?? 1000, 1, 10_000),
    batchingSeconds: checkRange(named('maxBatchingWindowSeconds'), props.maxBatchingWindowSeconds ?? 5, 0, 300),
  }
}

/**
 * A Kinesis event-source mapping for a tumbling-window handler, with the platform's policy:
 * `ReportBatchItemFailures`, bisect on error, retries that never give up while the stream holds
 * the records (`MaximumRetryAttempts` and `MaximumRecordAgeInSeconds` -1), parallelization
 * factor 1 (tumbling windows are per shard), reading from the start of the retained stream, and an
 * encrypted SQS queue that receives the description of any batch that expires anyway.
 *
 * @example
 * new TumblingWindowConsumer(this, 'Consumer', { stream, fn, windowSeconds: 600 })
 */
export class TumblingWindowConsumer extends Construct {
  readonly mapping: lambda.EventSourceMapping
  /** On-failure destination: one message per batch that left the stream unprocessed. */
  readonly failures: sqs.Queue

  constructor(scope: Construct, id: string, props: TumblingWindowConsumerProps) {
    // Checked before anything is created: bad props leave the scope as it was.
    const { windowSeconds, batchSize, batchingSeconds } = checkConsumerProps(props)
    if (props.fanOut && props.fanOut.stream !== props.stream) throw new InvalidPropsError('fanOut must be a consumer of the stream the mapping reads')
    super(scope, id)
    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    acknowledge(
      this.failures,
      'AwsSolutions-SQS3',
      "This queue is itself the dead-letter destination of the stream consumer (the mapping's on-failure destination).",
    )

    // A fan-out consumer's grantRead covers its stream too (SubscribeToShard needs both).
    if (props.fanOut) props.fanOut.grantRead(props.fn)
    else props.stream.grantRead(props.fn)
    this.mapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: props.fn,
      eventSourceArn: props.fanOut ? props.fanOut.streamConsumerArn : props.stream.streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      tumblingWindow: Duration.seconds(windowSeconds),
      batchSize,
      maxBatchingWindow: Duration.seconds(batchingSeconds),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      parallelizationFactor: 1,
      onFailure: new SqsDlq(this.failures),
    })
    // The L2 accepts only finite limits; -1 (the service's "until the record expires") must be explicit
    // so the template shows that nothing is dropped while the stream still holds it.
    const cfn = this.mapping.node.defaultChild as lambda.CfnEventSourceMapping
    cfn.maximumRetryAttempts = -1
    cfn.maximumRecordAgeInSeconds = -1
    // Build the mapping after the role can read the stream, or CloudFormation may create it too early.
    const policy = props.fn.role?.node.tryFindChild('DefaultPolicy')
    if (policy) this.mapping.node.addDependency(policy)
  }
}
