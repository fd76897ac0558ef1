import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { Construct } from 'constructs'
import type { StreamMode } from '../settings.js'

/** Props of {@link EventStream}. */
export interface EventStreamProps {
  /** Capacity mode. @default 'on-demand' */
  readonly mode?: StreamMode
  /** Shards of a provisioned stream (ignored on-demand). @default 1 */
  readonly shardCount?: number
  /** Hours records stay in the stream. @default 24 */
  readonly retentionHours?: number
}

/**
 * A Kinesis data stream of the platform: the event stream every event goes through (partition
 * key `tx_id`, so a transaction's events share a shard), or the partials stream between the two
 * reporting stages (one fixed hash key per key group). Encrypted with the AWS-managed
 * `aws/kinesis` key: no key policy to manage and no per-call KMS charge for producers and
 * consumers.
 */
export class EventStream extends Construct {
  readonly stream: kinesis.Stream

  constructor(scope: Construct, id: string, props: EventStreamProps = {}) {
    super(scope, id)
    const provisioned = props.mode === 'provisioned'
    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: provisioned ? kinesis.StreamMode.PROVISIONED : kinesis.StreamMode.ON_DEMAND,
      ...(provisioned ? { shardCount: props.shardCount ?? 1 } : {}),
      retentionPeriod: Duration.hours(props.retentionHours ?? 24),
      encryption: kinesis.StreamEncryption.MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    })
  }
}
