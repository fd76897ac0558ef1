import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import { LAKE_TABLES, toLakeRow, type LakeRow } from '@sdp/catalog'
import {
  BucketJsonSink,
  DeadLetterSink,
  KinesisPartialsSink,
  LakeSink,
  S3ObjectStore,
  SegmentStateBackend,
  createRepartitionedWindowHandler,
  lakeOutputs,
  shardAncestry,
  type PartitionRegistrar,
} from '@sdp/stream-runtime'
import type { Telemetry } from '@sdp/service-kit'
import { walkInJob, WALKIN_DISORDER_MS, type WalkInOutput } from './walkins/walkInJob.js'
import type { ReportingConfig } from './config.js'

/** Clients and names the walk-in handler reads and writes. */
export interface WalkInWindowDependencies {
  readonly s3: S3Client
  readonly kinesis: KinesisClient
  /** The lake bucket: join state under `state/walkins/`, dead letters under `errors/walkins/`. */
  readonly bucket: string
  /** The stream keyed by `app_uid` it consumes (for shard lineage). */
  readonly walkInStream: string
  /** The partials stream of the second stage, shared with stage 1. */
  readonly partialsStream: string
  readonly config: ReportingConfig
  /** Registers new parquet partitions in the catalog (Glue on AWS). @default none (local views list files) */
  readonly lakePartitions?: PartitionRegistrar
  /** Where each invocation's line and counters go. @default JSON on stdout */
  readonly telemetry?: Telemetry
}

/** The lake rows of walk-ins and walk-in clicks: `parquet_walkins`, `parquet_walkin_clicks`. */
function walkInLakeRows(emitted: readonly WalkInOutput[]) {
  const row = (w: WalkInOutput, table: 'parquet_walkins' | 'parquet_walkin_clicks'): LakeRow =>
    toLakeRow(LAKE_TABLES[table], { tx_id: w.txId, app_uid: w.appUid, campaign_item_id: w.campaign, ts: w.ts })
  return {
    walkins: emitted.filter((w) => w.kind === 'imp').map((w) => row(w, 'parquet_walkins')),
    walkin_clicks: emitted.filter((w) => w.kind === 'click').map((w) => row(w, 'parquet_walkin_clicks')),
  }
}

/**
 * The walk-in join, a Kinesis tumbling-window handler of the stream keyed by `app_uid` that stage 1
 * forwards to: each forward taken once, the `app_uid` entries in the lake bucket (kept for twice
 * the locations session timeout plus the allowed disorder and ten minutes of arrival time), and
 * walk-in counts per campaign packed onto the partials stream under the source `walkins`, where
 * stage 2 merges them into the campaigns' reports; every walk-in and walk-in click is a row of
 * `parquet_walkins` / `parquet_walkin_clicks`.
 */
export function createWalkInWindowHandler(deps: WalkInWindowDependencies) {
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const { config } = deps
  // Parquet only: the walk-in tables have no JSON copy.
  const lake = new LakeSink({ store, json: new BucketJsonSink(store), jsonCopies: [], ...(deps.lakePartitions ? { partitions: deps.lakePartitions } : {}) })
  return createRepartitionedWindowHandler({
    source: 'walkins',
    job: walkInJob(config),
    state: new SegmentStateBackend({
      store,
      prefix: 'state/walkins',
      ancestors: shardAncestry(deps.kinesis, deps.walkInStream),
      retentionMs: 2 * config.locationsTimeoutMs + WALKIN_DISORDER_MS + 600_000,
    }),
    partials: new KinesisPartialsSink({ kinesis: deps.kinesis, streamName: deps.partialsStream }),
    deadLetters: new DeadLetterSink(store, 'walkins'),
    outputs: lakeOutputs(lake, (r) => walkInLakeRows(r.emitted)),
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
  })
}
