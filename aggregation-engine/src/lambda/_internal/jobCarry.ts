import type { Json } from '../../types.js'

/**
 * What a `defineWindowJob` job keeps in the shard carry: the watermark generator's state and, for
 * session windows, the whole window operator (open sessions with their accumulators, trigger
 * states and timers). `[1, generator]` or `[1, generator, operator]`.
 */
export interface JobCarry {
  readonly generator: Json
  readonly operator: Json | undefined
}

const VERSION = 1

export function encodeJobCarry(carry: JobCarry): Json {
  return carry.operator === undefined ? [VERSION, carry.generator] : [VERSION, carry.generator, carry.operator]
}

/** The carry, nothing for a shard that has none yet, or what is wrong with it. */
export function decodeJobCarry(value: Json | undefined): JobCarry | undefined | string {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value[0] !== VERSION || (value.length !== 2 && value.length !== 3)) {
    return `carry is not [${VERSION}, watermark, operator?]`
  }
  return { generator: value[1] as Json, operator: value[2] }
}
