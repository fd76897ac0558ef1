import { Duration } from 'aws-cdk-lib'
import * as events from 'aws-cdk-lib/aws-events'
import * as targets from 'aws-cdk-lib/aws-events-targets'
import * as iam from 'aws-cdk-lib/aws-iam'
import { LAKE_TABLE_NAMES } from '@sdp/catalog'
import { Construct } from 'constructs'
import { LAKE_PREFIXES } from '../constants.js'
import type { DataLake } from './DataLake.js'
import { HandlerFunction } from './HandlerFunction.js'
import type { LakeCatalog } from './LakeCatalog.js'

/** Props of {@link Compaction}. */
export interface CompactionProps {
  readonly lake: DataLake
  readonly catalog: LakeCatalog
  /** Size compaction aims for per output file, MiB. @default 128 */
  readonly targetMb?: number
  /** Minutes between runs. @default 15 */
  readonly scheduleMinutes?: number
}

/** Prefixes compaction owns besides `parquet/`: partition manifests and leases. */
const MANIFESTS = '_catalog/'
const LEASES = '_leases/compaction/'

/**
 * Small-file compaction: an EventBridge schedule runs the compaction Lambda, which merges the
 * small Parquet files of closed partitions, writes the partition manifest, swaps the Glue
 * partition location (`CreatePartition`/`UpdatePartition` on the `parquet_*` tables) and deletes
 * superseded files later. A run that fails is retried by the next one.
 */
export class Compaction extends Construct {
  readonly handler: HandlerFunction
  readonly rule: events.Rule

  constructor(scope: Construct, id: string, props: CompactionProps) {
    super(scope, id)
    const { lake, catalog } = props
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'compact',
      description: 'Compacts the small Parquet files of closed partitions and swaps their Glue locations',
      memorySize: 3008,
      timeout: Duration.minutes(15),
      environment: {
        LAKE_BUCKET: lake.bucket.bucketName,
        GLUE_DATABASE: catalog.databaseName,
        COMPACTION_TARGET_MB: String(props.targetMb ?? 128),
      },
    })
    const role = this.handler.role
    const owned = [LAKE_PREFIXES.parquet, MANIFESTS, LEASES]
    lake.grantObjects(role, owned, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    lake.grantList(role, [LAKE_PREFIXES.parquet, MANIFESTS])
    const parquetTables = LAKE_TABLE_NAMES.filter((name) => name.startsWith('parquet_'))
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:CreatePartition', 'glue:UpdatePartition'],
        resources: catalog.glueArns(parquetTables),
      }),
    )

    const minutes = props.scheduleMinutes ?? 15
    this.rule = new events.Rule(this, 'Schedule', {
      description: `Compaction every ${minutes} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
      targets: [new targets.LambdaFunction(this.handler.fn, { retryAttempts: 0 })],
    })
  }
}
