import { Duration } from 'aws-cdk-lib'
import type * as apigw from 'aws-cdk-lib/aws-apigateway'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as sns from 'aws-cdk-lib/aws-sns'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'

/** A Lambda to watch, by the name its alarms carry. */
export interface WatchedFunction {
  readonly name: string
  readonly fn: lambda.IFunction
}

/** A stream consumer: its Lambda and its on-failure queue. */
export interface WatchedConsumer extends WatchedFunction {
  readonly failures: sqs.IQueue
  /** Its tumbling window, seconds, when not the one of {@link MonitoringProps.windowSeconds}. */
  readonly windowSeconds?: number
}

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** The event stream. */
  readonly stream: kinesis.IStream
  /** Further streams whose incoming records the dashboard shows, by label. @default {} */
  readonly otherStreams?: Readonly<Record<string, kinesis.IStream>>
  readonly api: apigw.RestApi
  /** Tumbling-window consumers: iterator-age and failed-batch alarms. */
  readonly consumers: readonly WatchedConsumer[]
  /** Every function: an errors alarm each. */
  readonly functions: readonly WatchedFunction[]
  /** The compaction Lambda: its failures alarm, over one schedule interval. */
  readonly compaction: lambda.IFunction
  /** Minutes between compaction runs. @default 15 */
  readonly compactionScheduleMinutes?: number
  /**
   * Tumbling window of the consumers that do not name their own, seconds; iterator age may reach
   * it in normal operation. @default 60
   */
  readonly windowSeconds?: number
  /** Firehose delivery streams by table name, for the dashboard. @default {} */
  readonly deliveryStreams?: Readonly<Record<string, string>>
  /** Alarms made elsewhere (a stream aggregation's dead-letter rate): they notify the topic too. @default [] */
  readonly alarms?: readonly cloudwatch.Alarm[]
}

type AlarmOptions = cloudwatch.CreateAlarmOptions & { metric: cloudwatch.IMetric }

const graph = (title: string, metrics: cloudwatch.IMetric[], width = 8) => new cloudwatch.GraphWidget({ title, left: metrics, width, height: 6 })

/**
 * Operations: the alarms of the README ("Alarms") publishing to one SNS topic, and one dashboard
 * with the API, the stream, the consumers, the functions and the raw landing.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic
  readonly alarms: cloudwatch.Alarm[] = []
  readonly dashboard: cloudwatch.Dashboard

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Streaming data platform alarms', enforceSSL: true })
    acknowledge(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and alarm notifications carry no event data; a customer key would cost more than it protects.',
    )
    this.watchConsumers(props)
    this.watchFunctions(props)
    for (const alarm of props.alarms ?? []) this.notify(alarm)
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) })
    this.addOverview(props)
    this.addFunctionWidgets(props.functions)
    this.addDeliveryWidgets(props.deliveryStreams ?? {})
  }

  private notify(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(new actions.SnsAction(this.topic))
    this.alarms.push(alarm)
  }

  private alarm(name: string, options: AlarmOptions): void {
    this.notify(new cloudwatch.Alarm(this, name, { ...options, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }))
  }

  /** Iterator age and failed batches of each tumbling-window consumer. */
  private watchConsumers(props: MonitoringProps): void {
    for (const { name, fn, failures, windowSeconds } of props.consumers) {
      const windowMs = (windowSeconds ?? props.windowSeconds ?? 60) * 1000
      this.alarm(`${name}IteratorAge`, {
        alarmDescription: `${name} lags the stream: its oldest unprocessed record is older than two windows plus 5 minutes (records expire at the end of the stream retention)`,
        metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
        threshold: 2 * windowMs + 300_000,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      })
      this.alarm(`${name}FailedBatches`, {
        alarmDescription: `${name}: a batch left the stream unprocessed and was described to the on-failure queue; replay it from the message's sequence range`,
        metric: failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      })
    }
  }

  /** Errors of every function, and compaction failures over one schedule interval. */
  private watchFunctions(props: MonitoringProps): void {
    for (const { name, fn } of props.functions) {
      this.alarm(`${name}Errors`, {
        alarmDescription: `${name} failed invocations (unhandled errors or timeouts) in 5 minutes`,
        metric: fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      })
    }
    const compactionMinutes = props.compactionScheduleMinutes ?? 15
    this.alarm('CompactionFailures', {
      alarmDescription: 'A compaction run failed; its partitions stay readable (old files) and the next run retries them',
      metric: props.compaction.metricErrors({ statistic: 'Sum', period: Duration.minutes(Math.max(compactionMinutes, 5)) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    })
  }

  /** The API, the alarms, the streams and the consumers. */
  private addOverview(props: MonitoringProps): void {
    this.dashboard.addWidgets(
      graph('API requests', [props.api.metricCount(), props.api.metricClientError(), props.api.metricServerError()]),
      graph('API latency p99 (ms)', [props.api.metricLatency({ statistic: 'p99' })]),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 8, height: 6 }),
    )
    this.dashboard.addWidgets(
      graph('Stream records in', [
        props.stream.metricIncomingRecords({ statistic: 'Sum', label: 'events' }),
        ...Object.entries(props.otherStreams ?? {}).map(([label, stream]) => stream.metricIncomingRecords({ statistic: 'Sum', label })),
      ]),
      graph(
        'Consumer iterator age (ms)',
        props.consumers.map(({ name, fn }) => fn.metric('IteratorAge', { statistic: 'Maximum', label: name })),
      ),
      graph(
        'Failed batches (queue depth)',
        props.consumers.map(({ name, failures }) => failures.metricApproximateNumberOfMessagesVisible({ label: name })),
      ),
    )
  }

  private addFunctionWidgets(fns: readonly WatchedFunction[]): void {
    this.dashboard.addWidgets(
      graph(
        'Errors',
        fns.map(({ name, fn }) => fn.metricErrors({ label: name })),
      ),
      graph(
        'Duration p99 (ms)',
        fns.map(({ name, fn }) => fn.metricDuration({ statistic: 'p99', label: name })),
      ),
      graph(
        'Throttles',
        fns.map(({ name, fn }) => fn.metricThrottles({ label: name })),
      ),
    )
  }

  /** Records delivered to the lake and their freshness, per Firehose delivery stream. */
  private addDeliveryWidgets(deliveryStreams: Readonly<Record<string, string>>): void {
    const delivery = Object.entries(deliveryStreams)
    if (delivery.length === 0) return
    const firehoseMetric = (metricName: string, statistic: string) =>
      delivery.map(
        ([table, name]) =>
          new cloudwatch.Metric({ namespace: 'AWS/Firehose', metricName, dimensionsMap: { DeliveryStreamName: name }, statistic, label: table }),
      )
    this.dashboard.addWidgets(
      graph('Lake: records delivered to S3', firehoseMetric('DeliveryToS3.Records', 'Sum'), 12),
      graph('Lake: delivery freshness (s)', firehoseMetric('DeliveryToS3.DataFreshness', 'Maximum'), 12),
    )
  }
}
