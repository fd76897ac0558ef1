import { randomUUID } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CheckpointError } from '../errors.js'
import type { ShardCheckpoint } from './types.js'

/**
 * One JSON file per shard under a mapping's folder. Writes are atomic: the new content goes to
 * a temporary file that is flushed to disk and then renamed over the old one, so a crash leaves
 * either the previous or the new checkpoint, never a torn one.
 */
export class CheckpointStore {
  public constructor(private readonly directory: string) {}

  /** The folder holding this mapping's checkpoints. */
  public get path(): string {
    return this.directory
  }

  /** The shard's checkpoint, or `undefined` when it has none yet. */
  public async read(shardId: string): Promise<ShardCheckpoint | undefined> {
    let text: string
    try {
      text = await readFile(this.file(shardId), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new CheckpointError(`checkpoint ${this.file(shardId)} is not valid JSON`, { cause: error })
    }
    if (!isCheckpoint(parsed) || parsed.shardId !== shardId) {
      throw new CheckpointError(`checkpoint ${this.file(shardId)} must be a version 1 checkpoint of ${shardId}`)
    }
    return parsed
  }

  /** Replaces the shard's checkpoint atomically and durably. */
  public async write(checkpoint: ShardCheckpoint): Promise<void> {
    await mkdir(this.directory, { recursive: true })
    const target = this.file(checkpoint.shardId)
    const temporary = `${target}.${randomUUID()}.tmp`
    try {
      const handle = await open(temporary, 'w')
      try {
        await handle.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, target)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
    await syncDirectory(this.directory)
  }

  private file(shardId: string): string {
    return join(this.directory, `${shardId}.json`)
  }
}

/** Makes the rename itself durable; not every platform can open a directory, which is fine. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Best effort only.
  }
}

function isCheckpoint(value: unknown): value is ShardCheckpoint {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const window = v['window']
  return (
    v['version'] === 1 &&
    typeof v['shardId'] === 'string' &&
    (v['sequenceNumber'] === null || typeof v['sequenceNumber'] === 'string') &&
    typeof v['finished'] === 'boolean' &&
    (window === null ||
      (typeof window === 'object' &&
        window !== undefined &&
        typeof (window as Record<string, unknown>)['start'] === 'string' &&
        typeof (window as Record<string, unknown>)['end'] === 'string' &&
        typeof (window as Record<string, unknown>)['state'] === 'object'))
  )
}
