import type { AggregateWindowOperatorOptions, ReduceWindowOperatorOptions, RestoreWindowOperatorResult, WindowOperatorOptions } from './WindowOperator.js'
import { resolveOptions } from './_internal/resolveOptions.js'
import { decodeSnapshot } from './_internal/snapshotCodec.js'
import { WindowOperatorCore } from './_internal/WindowOperatorCore.js'

/**
 * Rebuilds an operator from `snapshot()` output (as is, or after a JSON round trip) with the
 * same options: it then produces exactly the outputs the original would have. A snapshot it
 * cannot read (another version, garbage, wrong shape, other windows or trigger, an accumulator
 * `decode` rejects) comes back as `{ ok: false, error: SnapshotFormatError }`, never as a throw.
 * @throws InvalidArgumentError on invalid options only (a programming error, as in `createWindowOperator`).
 * @example
 * const restored = restoreWindowOperator(options, JSON.parse(state))
 * const op = restored.ok ? restored.operator : createWindowOperator(options) // and rebuild from the backend
 */
export function restoreWindowOperator<IN, ACC, OUT, R = OUT>(
  options: AggregateWindowOperatorOptions<IN, ACC, OUT, R>,
  snapshot: unknown,
): RestoreWindowOperatorResult<IN, R>
export function restoreWindowOperator<IN, R = IN>(options: ReduceWindowOperatorOptions<IN, R>, snapshot: unknown): RestoreWindowOperatorResult<IN, R>
export function restoreWindowOperator<IN, ACC, OUT, R>(options: WindowOperatorOptions<IN, ACC, OUT, R>, snapshot: unknown): RestoreWindowOperatorResult<IN, R> {
  const core = new WindowOperatorCore(resolveOptions(options))
  const error = decodeSnapshot(core, snapshot)
  return error === undefined ? { ok: true, operator: core } : { ok: false, error }
}
