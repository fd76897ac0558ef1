import { Duration } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { LAKE_TABLES } from '@sdp/catalog'
import { Construct } from 'constructs'
import { LAKE_PREFIXES } from '../constants.js'
import { acknowledge } from '../nag.js'
import type { DataLake } from './DataLake.js'
import { FirehoseToLake } from './FirehoseToLake.js'
import { HandlerFunction } from './HandlerFunction.js'

/** Props of {@link RawLanding}. */
export interface RawLandingProps {
  readonly stream: kinesis.IStream
  readonly lake: DataLake
}

/**
 * What a stream job's lake sink needs: the delivery streams of the JSON copies, named in its
 * environment, and the grant to write them and the `parquet/` prefix.
 */
export interface LakeSinkTargets {
  /** `RAW_IMPRESSIONS_DELIVERY_STREAM`, `RAW_CLICKS_DELIVERY_STREAM`, `RAW_AGGREGATES_DELIVERY_STREAM`. */
  readonly environment: Readonly<Record<string, string>>
  /** Lets `role` call `PutRecordBatch` on the three streams and put objects under `parquet/`. */
  grantWrite(role: iam.IRole): void
}

/** The job outputs copied as JSON, and the environment variable that names each delivery stream. */
const JSON_COPIES = [
  { table: LAKE_TABLES.raw_impressions, id: 'RawImpressions', env: 'RAW_IMPRESSIONS_DELIVERY_STREAM' },
  { table: LAKE_TABLES.raw_clicks, id: 'RawClicks', env: 'RAW_CLICKS_DELIVERY_STREAM' },
  { table: LAKE_TABLES.raw_aggregates, id: 'RawAggregates', env: 'RAW_AGGREGATES_DELIVERY_STREAM' },
] as const

/**
 * Raw landing of the lake: `raw_bcns`, a Firehose delivery stream that reads the Kinesis stream
 * and runs the transformation Lambda (newline framing, heartbeats dropped, `dt`/`hour` from each
 * event's `ts`), and the DirectPut delivery streams the job's lake sink feeds with the JSON copies
 * of `raw_impressions`, `raw_clicks` and `raw_aggregates`.
 */
export class RawLanding extends Construct {
  readonly transform: HandlerFunction
  readonly rawBcns: FirehoseToLake
  readonly jsonCopies: readonly FirehoseToLake[]
  readonly lakeSink: LakeSinkTargets

  constructor(scope: Construct, id: string, props: RawLandingProps) {
    super(scope, id)
    const { lake, stream } = props
    this.transform = new HandlerFunction(this, 'Transform', {
      handler: 'firehoseTransform',
      description: 'Firehose transformation of raw_bcns: NDJSON framing, heartbeats dropped, dt/hour partition keys',
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: { LAKE_BUCKET: lake.bucket.bucketName },
    })
    // Records it refuses are also written, with their reasons, as dead letters.
    lake.grantObjects(this.transform.role, [`${LAKE_PREFIXES.errors}firehose-transform/`], ['s3:PutObject'])
    this.rawBcns = new FirehoseToLake(this, 'RawBcns', {
      lake,
      table: LAKE_TABLES.raw_bcns,
      source: stream,
      transform: this.transform.fn,
    })
    acknowledge(
      this.rawBcns.deliveryStream,
      'AwsSolutions-KDF1',
      'Firehose rejects server-side encryption for a Kinesis-stream source; the records are encrypted in the source stream (KMS) and in the bucket (SSE-S3).',
    )

    this.jsonCopies = JSON_COPIES.map(({ table, id: copyId }) => new FirehoseToLake(this, copyId, { lake, table }))
    const environment = Object.fromEntries(JSON_COPIES.map(({ env }, i) => [env, (this.jsonCopies[i] as FirehoseToLake).deliveryStreamName]))
    const arns = this.jsonCopies.map((copy) => copy.deliveryStreamArn)
    this.lakeSink = {
      environment,
      grantWrite: (role) => {
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: arns }))
        lake.grantObjects(role, [LAKE_PREFIXES.parquet], ['s3:PutObject'])
      },
    }
  }
}
