import { SnapshotFormatError } from '../errors.js'
import type { IntervalJoinOptions, IntervalJoinOptionsWithSelect, JoinedPair } from './intervalJoin.js'
import type { IntervalJoinKeyState } from './IntervalJoinKeyState.js'
import { IntervalJoinOperator } from './IntervalJoinOperator.js'
import { InMemoryKeyedStateStore } from './InMemoryKeyedStateStore.js'
import { resolveOptions } from './_internal/resolveOptions.js'
import { decodeSnapshot } from './_internal/snapshotCodec.js'
import { nextTimer } from './_internal/keyState.js'

/** The outcome of {@link restoreIntervalJoin}: the join, or why the snapshot could not be read. */
export type RestoreIntervalJoinResult<L, R, OUT> =
  { readonly ok: true; readonly join: IntervalJoinOperator<L, R, OUT> } | { readonly ok: false; readonly error: SnapshotFormatError }

/**
 * Rebuilds an interval join from `snapshot()` output and the same options. Never throws on a bad
 * snapshot: a wrong format or version, other bounds or outer mode, malformed entries, or elements
 * that do not match their key and timestamp all come back as `{ ok: false, error }`, so a caller
 * can report it and rebuild (a throw on the final invoke of a Lambda window would block the
 * shard). Invalid options still throw InvalidArgumentError, as in `intervalJoin`.
 *
 * Keyed state in the snapshot goes into `options.store` when given (which the join then does not
 * own), else into a fresh in-memory store. A snapshot taken with an external store holds no keyed
 * state, so restoring it needs `options.store`.
 *
 * @example
 * const restored = restoreIntervalJoin(options, JSON.parse(lambdaState).join)
 * const join = restored.ok ? restored.join : intervalJoin(options) // and report restored.error
 */
export function restoreIntervalJoin<L, R>(options: IntervalJoinOptions<L, R>, snapshot: unknown): RestoreIntervalJoinResult<L, R, JoinedPair<L, R>>
export function restoreIntervalJoin<L, R, OUT>(options: IntervalJoinOptionsWithSelect<L, R, OUT>, snapshot: unknown): RestoreIntervalJoinResult<L, R, OUT>
export function restoreIntervalJoin<L, R, OUT>(options: IntervalJoinOptions<L, R, OUT>, snapshot: unknown): RestoreIntervalJoinResult<L, R, OUT> {
  const config = resolveOptions(options)
  try {
    const decoded = decodeSnapshot(snapshot, config)
    if (decoded.states === null && !config.store) {
      throw new SnapshotFormatError('interval join snapshot: its keyed state lives in an external store; pass that store as options.store')
    }
    const owned = config.store ? undefined : new InMemoryKeyedStateStore<IntervalJoinKeyState<L, R>>()
    const store = config.store ?? owned!
    for (const [key, state] of decoded.states ?? []) store.set(key, state, nextTimer(config.bounds, state) as number)
    return { ok: true, join: new IntervalJoinOperator(config, store, owned, decoded.watermark) }
  } catch (error) {
    // An extractor may throw on an element that is not what the options expect: still a bad snapshot.
    if (error instanceof SnapshotFormatError) return { ok: false, error }
    const reason = error instanceof Error ? error.message : String(error)
    return { ok: false, error: new SnapshotFormatError(`interval join snapshot: unreadable (${reason})`) }
  }
}
