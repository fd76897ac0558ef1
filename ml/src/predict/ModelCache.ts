import { compareSequenceNumbers } from '@sdp/aggregation-engine'
import type { BidWinModel } from '../model/BidWinModel.js'
import type { ModelRepository } from '../store/ModelRepository.js'
import type { Composition, VersionInfo } from '../store/ModelVersion.js'

/** The model a request is served with. */
export interface ServedModel {
  readonly model: BidWinModel
  readonly info: VersionInfo
}

/** Options of {@link ModelCache}. */
export interface ModelCacheOptions {
  /** Check `latest.json` at most this often (ms). */
  readonly refreshMs: number
  /** Milliseconds clock, injected so tests never wait. @default Date.now */
  readonly now?: () => number
  /** Told when a refresh failed and the cached model kept serving. */
  readonly onStale?: (error: unknown) => void
}

/** True when every shard `candidate` names is covered at least as far by `current`: nothing in it is newer. */
function dominated(candidate: Composition, current: Composition): boolean {
  return Object.entries(candidate).every(([shard, through]) => current[shard] !== undefined && compareSequenceNumbers(through, current[shard]) <= 0)
}

/**
 * The warm container's model: follows `latest.json`, checking it at most every `refreshMs`, and
 * loads a version only when the pointer names another one. It never goes back: a pointer whose
 * composition the cached version already covers (a slower publisher overwrote a newer one) is
 * ignored until a newer version appears. When the store fails and a model is cached, the cached
 * one keeps serving. Concurrent requests share one refresh.
 */
export class ModelCache {
  private served: ServedModel | undefined
  private checkedAt = -Infinity
  private refreshing: Promise<ServedModel | undefined> | undefined
  private readonly now: () => number

  constructor(
    private readonly repo: ModelRepository,
    private readonly options: ModelCacheOptions,
  ) {
    this.now = options.now ?? Date.now
  }

  /** The model to serve, or undefined when none has been published yet. Throws only when the store fails and nothing is cached. */
  async current(): Promise<ServedModel | undefined> {
    if (this.now() - this.checkedAt < this.options.refreshMs) return this.served
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined))
    return this.refreshing
  }

  private async refresh(): Promise<ServedModel | undefined> {
    try {
      const checked = this.now()
      const pointer = await this.repo.readLatest()
      const current = !pointer || pointer.id === this.served?.info.id || (this.served !== undefined && dominated(pointer.shards, this.served.info.shards))
      if (current) {
        this.checkedAt = checked
        return this.served
      }
      // A version pruned since the pointer was read is simply retried at the next request.
      const version = await this.repo.readVersion(pointer.key)
      if (version) {
        this.served = { model: version.model, info: version }
        this.checkedAt = checked
      }
      return this.served
    } catch (error) {
      if (!this.served) throw error
      this.options.onStale?.(error)
      return this.served
    }
  }
}
