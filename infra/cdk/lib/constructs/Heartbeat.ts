import { Duration } from 'aws-cdk-lib'
import * as events from 'aws-cdk-lib/aws-events'
import * as targets from 'aws-cdk-lib/aws-events-targets'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { Construct } from 'constructs'
import { HandlerFunction } from './HandlerFunction.js'

/** Props of {@link Heartbeat}. */
export interface HeartbeatProps {
  readonly stream: kinesis.IStream
  /** The function's description. @default 'Writes a heartbeat record into every open shard of the stream' */
  readonly description?: string
}

/**
 * The heartbeat ticker (docs/architecture.md, "Heartbeats"): an EventBridge rule invokes the heartbeat Lambda
 * every minute, which writes one heartbeat into every open shard so quiet shards still advance
 * their consumers' watermarks. A missed tick is not retried: the next one replaces it.
 */
export class Heartbeat extends Construct {
  readonly handler: HandlerFunction
  readonly rule: events.Rule

  constructor(scope: Construct, id: string, props: HeartbeatProps) {
    super(scope, id)
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'heartbeat',
      description: props.description ?? 'Writes a heartbeat record into every open shard of the stream',
      memorySize: 128,
      timeout: Duration.seconds(30),
      environment: { STREAM_NAME: props.stream.streamName },
    })
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kinesis:ListShards', 'kinesis:PutRecords'], resources: [props.stream.streamArn] }),
    )
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Heartbeat into every shard each minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.handler.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    })
  }
}
