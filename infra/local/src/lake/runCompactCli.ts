import { existsSync } from 'node:fs'
import { S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { createS3rver } from '../_internal/createS3rver.js'
import { FilePartitionCatalog } from '@sdp/catalog/lake'
import { CLIENT_TIMEOUTS } from '@sdp/service-kit'
import { compactionSettingsFromEnv, FileLease, runCompaction, S3LakeStore, type CompactionRunReport } from '@sdp/compaction'
import { join } from 'node:path'
import { LOCAL_CREDENTIALS, LOCAL_HOST, LOCAL_REGION } from '../constants.js'
import type { CliIo, CommandSpec, Progress } from '../../../cli/src/index.js'
import { localLakePaths } from './localLakePaths.js'

/** Local defaults: the local platform's hours close sooner than AWS's (overridable by the same variables). */
const LOCAL_DEFAULTS = { COMPACTION_GRACE_SECONDS: '300', COMPACTION_DELETE_DELAY_SECONDS: '60', COMPACTION_LEASE_SECONDS: '600' }

/** `npm run compact`: its help text (it takes no options; settings come from the environment). */
export const COMPACT_COMMAND = {
  name: 'compact',
  options: {},
  usage: `Usage: npm run compact

Compacts the closed partitions of the local lake now: merges their small Parquet files into files
near the target size and commits them through the partition catalog, so queries see every row once.
Works beside a running platform. Progress on stderr, totals on stdout.

  -h, --help                            this text

Environment:
  SDP_DATA_DIR                          the platform's data directory   [default ./.sdp-data]
  COMPACTION_TARGET_MB                  size of a compacted file        [default 128]
  COMPACTION_GRACE_SECONDS              an hour is closed this long after it ends  [default 300]
  COMPACTION_DELETE_DELAY_SECONDS       superseded files are deleted after this    [default 60]
  COMPACTION_LEASE_SECONDS              a partition's lease lasts this long        [default 600]
  COMPACTION_LOOKBACK_HOURS             how far back partitions are visited        [default 72]

Exit codes: 0 done (or nothing to compact), 1 the run failed, 2 bad arguments.

Example:
  SDP_DATA_DIR=./.sdp-data COMPACTION_GRACE_SECONDS=60 npm run compact
`,
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- the command takes no options
} as const satisfies CommandSpec<Record<never, never>>

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2)

/** The one-paragraph summary `npm run compact` prints. */
export function formatCompactionReport(report: CompactionRunReport): string {
  const t = report.totals
  return (
    [
      `partitions: ${t.partitions} visited, ${t.compacted} compacted, ${t.skipped} skipped (leased or lost a race)`,
      `files: ${t.filesIn} in → ${t.filesOut} out; bytes: ${mib(t.bytesIn)} MiB in → ${mib(t.bytesOut)} MiB out`,
      `rows: ${t.rowsIn} in → ${t.rowsOut} out (${t.duplicatesDropped} duplicates dropped); superseded objects deleted: ${t.deleted}`,
      `throughput: ${report.mbPerSecond.toFixed(2)} MiB/s in ${(report.durationMs / 1000).toFixed(2)} s`,
    ].join('\n') + '\n'
  )
}

/**
 * `npm run compact`: compacts the closed partitions of the local lake now. Starts its own s3rver
 * over `<SDP_DATA_DIR>/s3` (objects are plain files, so this works beside a running platform),
 * commits through the file catalog and file leases of the data directory, shows progress on
 * stderr and prints the totals on stdout. Settings: `COMPACTION_*` (see `compactionSettingsFromEnv`;
 * locally the grace period defaults to 5 minutes and the delete delay to 1 minute).
 *
 * @returns the exit code: 0, or 1 when the run failed (the message on stderr)
 */
export async function runCompactCli(env: Readonly<Record<string, string | undefined>>, io: CliIo, progress?: Progress): Promise<number> {
  const paths = localLakePaths(env)
  if (!existsSync(join(paths.s3Directory, paths.bucket))) {
    io.stdout(`nothing to compact: no lake bucket under ${paths.s3Directory}\n`)
    return 0
  }
  let settings
  try {
    settings = compactionSettingsFromEnv({ ...LOCAL_DEFAULTS, ...env })
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`)
    return 1
  }
  const server = createS3rver(paths.s3Directory)
  const { port } = await server.run()
  const s3 = new S3Client({
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    endpoint: `http://${LOCAL_HOST}:${port}`,
    forcePathStyle: true,
    requestHandler: new NodeHttpHandler(CLIENT_TIMEOUTS),
  })
  try {
    const report = await runCompaction({
      store: new S3LakeStore(s3, paths.bucket),
      catalog: new FilePartitionCatalog(paths.catalogDirectory),
      lease: new FileLease(paths.leaseDirectory),
      ...settings,
      onProgress: (done, total, r) =>
        progress?.update(done, total, `${done}/${total} partitions · ${r.table} ${r.partition.dt}/${r.partition.hour} ${r.status}`),
    })
    progress?.done()
    io.stdout(formatCompactionReport(report))
    return 0
  } catch (error) {
    progress?.done()
    io.stderr(`compaction failed: ${(error as Error).message}\n`)
    return 1
  } finally {
    s3.destroy()
    const closed = server.close()
    server.httpServer?.closeAllConnections()
    await closed
  }
}
