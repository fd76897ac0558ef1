import { RemovalPolicy } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as logs from 'aws-cdk-lib/aws-logs'
import { type LakeTable } from '@sdp/catalog'
import { firehoseJqPartitionQuery, firehoseRawPrefix } from '@sdp/catalog/lake'
import { Construct } from 'constructs'
import { LAKE_PREFIXES } from '../constants.js'
import type { DataLake } from './DataLake.js'

/** Props of {@link FirehoseToLake}. */
export interface FirehoseToLakeProps {
  readonly lake: DataLake
  /** The catalog's `raw_*` table the stream lands, e.g. `raw_bcns`: objects go under `raw/bcns/`. */
  readonly table: LakeTable
  /**
   * Transformation Lambda that frames records and returns `metadata.partitionKeys.dt`/`.hour`.
   * Without one, jq computes them from the table's time column; producers send newline-terminated
   * JSON records (the lake sink's `ndjsonLine`), so Firehose adds no delimiter.
   * @default - jq partitioning, no transformation
   */
  readonly transform?: lambda.IFunction
  /** Read this Kinesis stream; otherwise producers call `PutRecordBatch` (DirectPut). @default - DirectPut */
  readonly source?: kinesis.IStream
  /** Seconds Firehose buffers before writing an object (60–900 with dynamic partitioning). @default 60 */
  readonly bufferSeconds?: number
}

/**
 * One Firehose delivery stream into the lake: GZIP NDJSON objects (`.json.gz`) under
 * `raw/<dataset>/dt=YYYY-MM-DD/hour=HH/` by dynamic partitioning, failed records under
 * `errors/<table>/dt=.../<error type>/`, delivery logs in CloudWatch, and a role that may write
 * only those two prefixes (and read its source, invoke its transformation).
 */
export class FirehoseToLake extends Construct {
  readonly deliveryStream: firehose.CfnDeliveryStream
  readonly role: iam.Role

  constructor(scope: Construct, id: string, props: FirehoseToLakeProps) {
    super(scope, id)
    const { lake, table, source, transform } = props
    const dataPrefix = `${LAKE_PREFIXES.raw}${table.dataset}/`
    const errorPrefix = `${LAKE_PREFIXES.errors}${table.name}/`

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      description: `Firehose ${table.name}: write ${dataPrefix} and ${errorPrefix}`,
    })
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    const logStream = logGroup.addStream('S3Delivery')
    logGroup.grantWrite(this.role)

    grantDelivery(this.role, props, [dataPrefix, errorPrefix])
    const processors = processorsFor(table, transform)

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: source ? 'KinesisStreamAsSource' : 'DirectPut',
      ...(source
        ? { kinesisStreamSourceConfiguration: { kinesisStreamArn: source.streamArn, roleArn: this.role.roleArn } }
        : { deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' } }),
      extendedS3DestinationConfiguration: {
        bucketArn: lake.bucket.bucketArn,
        roleArn: this.role.roleArn,
        prefix: firehoseRawPrefix(table, transform ? 'lambda' : 'query'),
        errorOutputPrefix: `${errorPrefix}dt=!{timestamp:yyyy-MM-dd}/!{firehose:error-output-type}/`,
        bufferingHints: { intervalInSeconds: props.bufferSeconds ?? 60, sizeInMBs: 64 },
        compressionFormat: 'GZIP',
        fileExtension: '.json.gz',
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: { enabled: true, processors },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: logGroup.logGroupName,
          logStreamName: logStream.logStreamName,
        },
      },
    })
    // Firehose checks its role when the stream is created: the policy must exist first.
    const policy = this.role.node.tryFindChild('DefaultPolicy')
    if (policy) this.deliveryStream.node.addDependency(policy)
  }

  /** The delivery stream's name (what `PutRecordBatch` takes). */
  get deliveryStreamName(): string {
    return this.deliveryStream.ref
  }

  /** The delivery stream's ARN. */
  get deliveryStreamArn(): string {
    return this.deliveryStream.attrArn
  }
}

/** What the delivery role may do: write and abort uploads under its prefixes, list the bucket, read its source, invoke its transformation. */
function grantDelivery(role: iam.Role, props: FirehoseToLakeProps, prefixes: readonly string[]): void {
  const { lake, source, transform } = props
  lake.grantObjects(role, prefixes, ['s3:PutObject'])
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:AbortMultipartUpload'],
      resources: prefixes.map((prefix) => lake.bucket.arnForObjects(`${prefix}*`)),
    }),
  )
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [lake.bucket.bucketArn],
    }),
  )
  if (source) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
        resources: [source.streamArn],
      }),
    )
  }
  if (transform) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
        resources: [transform.functionArn],
      }),
    )
  }
}

/** The record processors: the transformation Lambda, or jq partitioning of packed rows. */
function processorsFor(table: LakeTable, transform: lambda.IFunction | undefined): firehose.CfnDeliveryStream.ProcessorProperty[] {
  if (transform) {
    return [
      {
        type: 'Lambda',
        parameters: [
          { parameterName: 'LambdaArn', parameterValue: transform.functionArn },
          { parameterName: 'NumberOfRetries', parameterValue: '3' },
          { parameterName: 'BufferSizeInMBs', parameterValue: '1' },
          { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
        ],
      },
    ]
  }
  return [
    // The sink packs up to 500 newline-terminated rows into a record (Firehose bills records
    // in 5 KB steps): split them before partitioning, and end each row with a newline again.
    { type: 'RecordDeAggregation', parameters: [{ parameterName: 'SubRecordType', parameterValue: 'JSON' }] },
    {
      type: 'MetadataExtraction',
      parameters: [
        { parameterName: 'MetadataExtractionQuery', parameterValue: firehoseJqPartitionQuery(table) },
        { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
      ],
    },
    { type: 'AppendDelimiterToRecord' },
  ]
}
