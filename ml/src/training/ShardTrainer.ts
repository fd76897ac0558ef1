import { compareSequenceNumbers } from '@sdp/aggregation-engine'
import { ML_DEFAULTS } from '../constants.js'
import { MlError, ModelFormatError } from '../errors.js'
import { ProgressiveValidation, type ValidationSummary } from '../evaluation/ProgressiveValidation.js'
import { checkFeatureConfig, type FeatureConfig } from '../features/featurize.js'
import { isHeldOut } from '../evaluation/isHeldOut.js'
import type { TrainingExample } from '../job/TrainingExample.js'
import { BidWinModel } from '../model/BidWinModel.js'
import { combineModels } from '../model/combineModels.js'
import { checkFtrlConfig, type FtrlConfig } from '../model/FtrlConfig.js'
import type { ModelRepository, StoredShardSnapshot } from '../store/ModelRepository.js'
import type { ShardSnapshot } from '../store/ShardSnapshot.js'
import type { VersionInfo } from '../store/ModelVersion.js'
import { sameComposition, versionId } from '../store/versionId.js'

/** Options of {@link ShardTrainer}. */
export interface ShardTrainerOptions {
  readonly repository: ModelRepository
  /** Hashing of a brand-new model (an existing model keeps its own; all shards must agree). */
  readonly features: FeatureConfig
  /** Hyper-parameters used for training and for published versions. */
  readonly ftrl: FtrlConfig
  /** Versions kept when pruning. @default 20 */
  readonly versionsKept?: number
  /** One example in this many (by a hash of its tx id) is scored, never trained on: the held-out metrics. 0 holds none out. @default 10 */
  readonly holdoutEvery?: number
}

/** What one {@link ShardTrainer.trainThrough} did. */
export interface TrainingReport {
  readonly shardId: string
  readonly through: string
  /** Examples trained in this run (0 when the shard's learner already covered `through`). */
  readonly trained: number
  /** Progressive validation of this run's trained examples alone. */
  readonly run: ValidationSummary
  /** This run's held-out examples, scored by the model of their moment and not trained on. */
  readonly heldOut: ValidationSummary
  /** The version this run published, if it published one. */
  readonly published?: VersionInfo
}

const bySeq = (a: TrainingExample, b: TrainingExample) => compareSequenceNumbers(a.seq, b.seq)

/** The shard snapshots a {@link ShardTrainer.trainThrough} starts from. */
interface SnapshotsRead {
  /** The shard's own stored snapshots through the target, oldest first. */
  readonly ownList: StoredShardSnapshot[]
  readonly ownStored: StoredShardSnapshot | undefined
  /** Every other shard's newest snapshot. */
  readonly others: ShardSnapshot[]
}

/** What a training run reads from and accumulates into. */
interface TrainingRun {
  readonly ownStored: StoredShardSnapshot | undefined
  readonly others: readonly ShardSnapshot[]
  /** Progressive validation of the examples trained on. */
  readonly run: ProgressiveValidation
  /** Validation of the held-out examples. */
  readonly heldOut: ProgressiveValidation
}

/**
 * Trains a shard's learner and publishes model versions (README, "Versions and merging").
 *
 * At a shard's final invoke, `trainThrough(shard, target)`: (1) reads every shard's newest
 * snapshot; (2) trains the shard's own learner — with the other shards' learners as its prior — on
 * every example produced by records after its last snapshot and up to `target`, each exactly once
 * (examples are identified by the record that produced them, so overlapping batches of retried or
 * bisected invocations add nothing twice), in sequence order; (3) writes the shard snapshot named
 * by `target`; (4) publishes the sum of every shard's newest learner as a version named by that
 * composition and moves `latest` to it; (5) prunes what is now covered. Each step writes objects
 * named by what they hold, so a retried final invoke redoes nothing twice, and because every
 * shard snapshot is cumulative, a version that missed a concurrent shard's newest snapshot loses
 * nothing: the next publish includes it.
 */
export class ShardTrainer {
  private readonly repo: ModelRepository
  private readonly features: FeatureConfig
  private readonly ftrl: FtrlConfig
  private readonly versionsKept: number
  private readonly holdoutEvery: number

  constructor(options: ShardTrainerOptions) {
    this.repo = options.repository
    this.features = checkFeatureConfig(options.features)
    this.ftrl = checkFtrlConfig(options.ftrl)
    this.versionsKept = options.versionsKept ?? ML_DEFAULTS.versionsKept
    if (!Number.isSafeInteger(this.versionsKept) || this.versionsKept < 1)
      throw new MlError(`versionsKept must be a positive integer, got ${String(options.versionsKept)}`)
    this.holdoutEvery = options.holdoutEvery ?? ML_DEFAULTS.holdoutEvery
    if (!Number.isSafeInteger(this.holdoutEvery) || this.holdoutEvery < 0 || this.holdoutEvery === 1) {
      throw new MlError(`holdoutEvery must be 0 (none) or an integer >= 2, got ${String(options.holdoutEvery)}`)
    }
  }

  /** Stores the examples an invocation produced, named by its records (a retry rewrites the same object). */
  async recordExamples(shardId: string, first: string, last: string, examples: readonly TrainingExample[]): Promise<void> {
    if (examples.length > 0) await this.repo.putExamples(shardId, first, last, examples)
  }

  /** Trains `shardId`'s learner on its examples through sequence number `target`, then publishes. */
  async trainThrough(shardId: string, target: string): Promise<TrainingReport> {
    const { ownList, ownStored, others } = await this.readSnapshots(shardId, target)
    const run = new ProgressiveValidation()
    const heldOut = new ProgressiveValidation()
    const written = ownStored?.through === target ? undefined : await this.trainPending(shardId, target, { ownStored, others, run, heldOut })
    const own = written?.snapshot ?? (ownStored ? await this.repo.readShardSnapshot(ownStored.key) : undefined)
    const report = { shardId, through: target, trained: written?.trained ?? 0, run: run.summary(), heldOut: heldOut.summary() }
    const components = [...others, ...(own ? [own] : [])].sort((a, b) => (a.shardId < b.shardId ? -1 : a.shardId > b.shardId ? 1 : 0))
    if (components.length === 0) return report
    const published = await this.publish(components)
    // Keep the shard's two newest snapshots: another shard may be reading the previous one right now.
    const superseded = written ? ownList.slice(0, -1) : ownList.slice(0, -2)
    await this.prune(shardId, target, superseded, published)
    return published ? { ...report, published } : report
  }

  /** The shard's own snapshots up to `target` (oldest first), the newest of them, and every other shard's newest snapshot. */
  private async readSnapshots(shardId: string, target: string): Promise<SnapshotsRead> {
    const listed = await this.repo.listShardSnapshots()
    const ownList = (listed.get(shardId) ?? []).filter((s) => compareSequenceNumbers(s.through, target) <= 0)
    const othersStored = [...listed.entries()].filter(([id]) => id !== shardId).map(([, list]) => list.at(-1) as StoredShardSnapshot)
    const others = await Promise.all(othersStored.map((s) => this.repo.readShardSnapshot(s.key)))
    return { ownList, ownStored: ownList.at(-1), others }
  }

  /**
   * Trains the shard's learner on its pending examples and writes its snapshot named by `target`;
   * undefined when there was nothing to train on (then nothing is written).
   */
  private async trainPending(shardId: string, target: string, run: TrainingRun): Promise<{ snapshot: ShardSnapshot; trained: number } | undefined> {
    const { ownStored, others } = run
    const examples = await this.pendingExamples(shardId, ownStored?.through, target)
    if (examples.length === 0) return undefined
    const { base, model } = await this.learnerToContinue(ownStored, others)
    const { trained, eventTime } = this.scoreAndTrain(model, examples, base?.eventTime ?? null, run)
    const snapshot: ShardSnapshot = {
      shardId,
      through: target,
      examples: (base?.examples ?? 0) + trained,
      eventTime,
      model,
      validation: (base?.validation ?? new ProgressiveValidation()).merge(run.run),
      heldOut: (base?.heldOut ?? new ProgressiveValidation()).merge(run.heldOut),
    }
    await this.repo.putShardSnapshot(snapshot)
    return { snapshot, trained }
  }

  /**
   * The shard's stored learner, continued with the current hyper-parameters, or a new one; either
   * way with the sum of the other shards' learners as its prior.
   */
  private async learnerToContinue(
    ownStored: StoredShardSnapshot | undefined,
    others: readonly ShardSnapshot[],
  ): Promise<{ base: ShardSnapshot | undefined; model: BidWinModel }> {
    const prior = combineModels(
      this.ftrl,
      others.map((o) => o.model.ftrl),
    )
    const base = ownStored ? await this.repo.readShardSnapshot(ownStored.key, { prior, config: this.ftrl }) : undefined
    const model = base?.model ?? BidWinModel.create(others[0]?.model.features ?? this.features, this.ftrl, { prior })
    return { base, model }
  }

  /**
   * Scores held-out examples and trains on the others, in the order given (bid-time order: the job
   * emits examples when final). Returns how many were trained on and the newest bid time seen.
   */
  private scoreAndTrain(
    model: BidWinModel,
    examples: readonly TrainingExample[],
    eventTime: number | null,
    { run, heldOut }: Pick<TrainingRun, 'run' | 'heldOut'>,
  ): { trained: number; eventTime: number | null } {
    let trained = 0
    let newest = eventTime
    for (const e of examples) {
      if (isHeldOut(e.txId, this.holdoutEvery)) heldOut.add(model.score(e.bid), e.label)
      else {
        run.add(model.train(e.bid, e.label), e.label)
        trained++
      }
      newest = newest === null ? e.bidTs : Math.max(newest, e.bidTs)
    }
    return { trained, eventTime: newest }
  }

  /** Every example produced by records in (after, target], once each, in sequence order. */
  private async pendingExamples(shardId: string, after: string | undefined, target: string): Promise<TrainingExample[]> {
    const batches = (await this.repo.listExampleBatches(shardId)).filter(
      (b) => compareSequenceNumbers(b.last, target) <= 0 && (after === undefined || compareSequenceNumbers(b.last, after) > 0),
    )
    const seen = new Set<string>()
    const out: TrainingExample[] = []
    for (const examples of await Promise.all(batches.map((b) => this.repo.readExamples(b.key)))) {
      for (const e of examples) {
        if (after !== undefined && compareSequenceNumbers(e.seq, after) <= 0) continue
        const id = `${e.seq}\u0000${e.txId}`
        if (seen.has(id)) continue // the same record's example from an overlapping batch (a retry or bisection)
        seen.add(id)
        out.push(e)
      }
    }
    // Stable: the examples of one record keep the order the job emitted them in.
    return out.sort(bySeq)
  }

  /** Publishes the sum of the components unless `latest` already points to exactly that combination. */
  private async publish(components: readonly ShardSnapshot[]): Promise<VersionInfo | undefined> {
    const shards = Object.fromEntries(components.map((c) => [c.shardId, c.through]))
    const latest = await this.repo.readLatest().catch((error: unknown) => {
      if (error instanceof ModelFormatError) return undefined // an unreadable pointer is replaced
      throw error
    })
    if (latest && sameComposition(latest.shards, shards)) return undefined
    const hashBits = new Set(components.map((c) => c.model.features.hashBits))
    if (hashBits.size > 1)
      throw new MlError(`shard learners hash into different spaces (${[...hashBits].join(', ')} bits); a new FEATURE_HASH_BITS needs a new model prefix`)
    const validation = new ProgressiveValidation()
    const heldOut = new ProgressiveValidation()
    for (const c of components) {
      validation.merge(c.validation)
      if (c.heldOut) heldOut.merge(c.heldOut)
    }
    const examples = components.reduce((n, c) => n + c.examples, 0)
    const times = components.map((c) => c.eventTime).filter((t): t is number => t !== null)
    const model = BidWinModel.of(
      (components[0] as ShardSnapshot).model.features,
      combineModels(
        this.ftrl,
        components.map((c) => c.model.ftrl),
      ),
    )
    return this.repo.publish({
      id: versionId(shards, examples),
      shards,
      examples,
      eventTime: times.length ? Math.max(...times) : null,
      metrics: validation.summary(),
      heldOut: heldOut.summary(),
      model,
    })
  }

  /** Deletes the shard's covered example batches, its superseded snapshots, and versions beyond the kept number. */
  private async prune(shardId: string, target: string, snapshots: readonly StoredShardSnapshot[], published: VersionInfo | undefined): Promise<void> {
    const batches = (await this.repo.listExampleBatches(shardId)).filter((b) => compareSequenceNumbers(b.last, target) <= 0)
    const versions = await this.repo.listVersions()
    const stale = versions.slice(0, Math.max(0, versions.length - this.versionsKept)).filter((v) => v.id !== published?.id)
    await this.repo.delete([...batches.map((b) => b.key), ...snapshots.map((s) => s.key), ...stale.map((v) => v.key)])
  }
}
