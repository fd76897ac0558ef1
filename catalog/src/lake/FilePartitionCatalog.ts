import { randomUUID } from 'node:crypto'
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InvalidArgumentError } from '../errors.js'
import type { LakePartition } from './LakePartition.js'
import type { PartitionCatalog } from './PartitionCatalog.js'
import type { PartitionManifest } from './PartitionManifest.js'

const VERSION_FILE = /^v(\d{9})\.json$/
const versionFile = (version: number) => `v${String(version).padStart(9, '0')}.json`

/**
 * The local {@link PartitionCatalog}: a directory (`<dataDir>/catalog` for the local platform)
 * with one file per committed version, `<table>/dt=YYYY-MM-DD/hour=HH/v000000001.json`. A version
 * file is written whole to a temporary name and then hard-linked to its final name, which fails if
 * that name exists: the commit is atomic (a reader sees the whole file or none) and exclusive (of
 * two commits of one version, one gets EEXIST). A rename would have replaced the winner silently.
 * The highest version is the current one; older versions are kept as history.
 *
 * Works without any server, so readers (the query CLI) need not reach the running platform.
 *
 * @example
 * ```ts
 * const catalog = new FilePartitionCatalog(join(dataDir, 'catalog'))
 * const manifest = await catalog.current('parquet_bcns', { dt: '2026-11-28', hour: '05' })
 * ```
 */
export class FilePartitionCatalog implements PartitionCatalog {
  constructor(readonly directory: string) {}

  private partitionDir(table: string, partition: LakePartition): string {
    if (!/^\w+$/.test(table)) throw new InvalidArgumentError(`table must be a plain name, got ${JSON.stringify(table)}`)
    return join(this.directory, table, `dt=${partition.dt}`, `hour=${partition.hour}`)
  }

  async current(table: string, partition: LakePartition): Promise<PartitionManifest | undefined> {
    const dir = this.partitionDir(table, partition)
    const versions = (await readdirOrEmpty(dir)).filter((f) => VERSION_FILE.test(f)).sort()
    const latest = versions.at(-1)
    if (latest === undefined) return undefined
    return JSON.parse(await readFile(join(dir, latest), 'utf8')) as PartitionManifest
  }

  async commit(manifest: PartitionManifest): Promise<boolean> {
    if (!Number.isSafeInteger(manifest.version) || manifest.version < 1) {
      throw new InvalidArgumentError(`manifest version must be a whole number ≥ 1, got ${manifest.version}`)
    }
    const dir = this.partitionDir(manifest.table, manifest.partition)
    await mkdir(dir, { recursive: true })
    const current = await this.current(manifest.table, manifest.partition)
    if ((current?.version ?? 0) !== manifest.version - 1) return false
    const temporary = join(dir, `.tmp-${randomUUID()}`)
    await writeFile(temporary, JSON.stringify(manifest))
    try {
      await link(temporary, join(dir, versionFile(manifest.version)))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    } finally {
      await unlink(temporary).catch(() => undefined)
    }
  }

  async partitions(table: string): Promise<LakePartition[]> {
    const root = join(this.directory, table)
    const out: LakePartition[] = []
    for (const dtDir of (await readdirOrEmpty(root)).sort()) {
      const dt = /^dt=(\d{4}-\d{2}-\d{2})$/.exec(dtDir)?.[1]
      if (dt === undefined) continue
      for (const hourDir of (await readdirOrEmpty(join(root, dtDir))).sort()) {
        const hour = /^hour=(\d{2})$/.exec(hourDir)?.[1]
        if (hour === undefined) continue
        const files = await readdirOrEmpty(join(root, dtDir, hourDir))
        if (files.some((f) => VERSION_FILE.test(f))) out.push({ dt, hour })
      }
    }
    return out
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
