import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import type * as iam from 'aws-cdk-lib/aws-iam'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { LAKE_PREFIXES } from '../constants.js'
import { grantList, grantObjects, type PrefixObjectAction } from '@sdp/cdk-constructs'
import { acknowledge } from '../nag.js'

/** Props of {@link DataLake}. */
export interface DataLakeProps {
  /** Days `raw/` NDJSON copies are kept (moved to Standard-IA after 30 days when kept longer). @default 365 */
  readonly rawRetentionDays?: number
  /** Days dead letters under `errors/` are kept. @default 30 */
  readonly errorRetentionDays?: number
  /**
   * Days state objects under `state/` are kept. Live shards rewrite their checkpoint every window,
   * so only objects of retired shards and consumers get this old; it must exceed the stream's
   * retention so a checkpoint is never removed while records it covers can still be replayed.
   * @default 2
   */
  readonly stateRetentionDays?: number
  /** Days Athena query results are kept. @default 7 */
  readonly athenaResultRetentionDays?: number
}

/** Object actions a handler may be granted on a prefix. */
export type LakeObjectAction = PrefixObjectAction

/**
 * The S3 data lake (docs/architecture.md, "Lake layout"): `raw/`, `parquet/`, `errors/`, `state/`,
 * `models/bid-win/` and `athena-results/` in one bucket — SSE-S3 encryption, public access
 * blocked, TLS only, server access logs into a second bucket, lifecycle rules per prefix.
 * Access is granted per prefix and action with {@link DataLake.grantObjects} and
 * {@link DataLake.grantList}, never on the whole bucket.
 */
export class DataLake extends Construct {
  readonly bucket: s3.Bucket
  readonly accessLogs: s3.Bucket

  constructor(scope: Construct, id: string, props: DataLakeProps = {}) {
    super(scope, id)
    const secure = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
    })
    acknowledge(this.accessLogs, 'AwsSolutions-S1', 'This bucket is the server-access-log target; logging it into itself would loop.')

    const rawDays = props.rawRetentionDays ?? 365
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secure,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'lake/',
      lifecycleRules: [
        {
          id: 'raw',
          prefix: LAKE_PREFIXES.raw,
          expiration: Duration.days(rawDays),
          transitions: rawDays > 30 ? [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] : [],
        },
        { id: 'errors', prefix: LAKE_PREFIXES.errors, expiration: Duration.days(props.errorRetentionDays ?? 30) },
        { id: 'state', prefix: LAKE_PREFIXES.state, expiration: Duration.days(props.stateRetentionDays ?? 2) },
        {
          id: 'athena-results',
          prefix: LAKE_PREFIXES.athenaResults,
          expiration: Duration.days(props.athenaResultRetentionDays ?? 7),
        },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    })
  }

  /**
   * Lets `role` run `actions` on the objects under each prefix (e.g. `state/reporting/`), and
   * nothing else in the bucket.
   */
  grantObjects(role: iam.IRole, prefixes: readonly string[], actions: readonly LakeObjectAction[]): void {
    grantObjects(this.bucket, role, prefixes, actions)
  }

  /** Lets `role` list the keys under each prefix (ListObjectsV2 with that prefix), and no other listing. */
  grantList(role: iam.IRole, prefixes: readonly string[]): void {
    grantList(this.bucket, role, prefixes)
  }
}
