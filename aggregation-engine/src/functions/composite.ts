import type { AggregateFunction, Json } from '../types.js'
import { InvalidArgumentError, SnapshotFormatError } from '../errors.js'

/** Any aggregate function, as a part of {@link composite}. */
type AnyAggregate = AggregateFunction<never, unknown, unknown>

/**
 * A part as the composite drives it: its input and accumulator are only passed through.
 * Methods are bivariant in their parameters, so every aggregate function is one of these.
 */
type PartAggregate = AggregateFunction<unknown, unknown, unknown>

/** The input type every part accepts (the intersection of the parts' input types). */
export type CompositeInput<P extends Record<string, AnyAggregate>> = {
  [K in keyof P]: (x: P[K] extends AggregateFunction<infer I, unknown, unknown> ? I : never) => void
}[keyof P] extends (x: infer I) => void
  ? I
  : never

/** The result of a composite: each part's result under its name. */
export type CompositeResult<P extends Record<string, AnyAggregate>> = {
  [K in keyof P]: P[K] extends AggregateFunction<never, unknown, infer O> ? O : never
}

/**
 * Runs several aggregate functions as one. The accumulator is a compact array holding each
 * part's accumulator in the order the parts were given; the result is an object with each part's
 * result under its name. Encoded as the array of the parts' encodings.
 *
 * @param parts named aggregate functions, at least one.
 * @example
 * type Event = { type: 'bid' | 'imp' | 'click'; win_price?: number }
 * const perCampaign = composite({
 *   bids: count((e: Event) => e.type === 'bid'),
 *   imps: count((e: Event) => e.type === 'imp'),
 *   clicks: count((e: Event) => e.type === 'click'),
 * })
 * // accumulator [3, 2, 1] → result { bids: 3, imps: 2, clicks: 1 }
 */
export function composite<P extends Record<string, AnyAggregate>>(parts: P): AggregateFunction<CompositeInput<P>, unknown[], CompositeResult<P>> {
  if (typeof parts !== 'object' || parts === null || Array.isArray(parts)) {
    throw new InvalidArgumentError('composite: parts must be an object of named aggregate functions')
  }
  const names = Object.keys(parts)
  if (names.length === 0) throw new InvalidArgumentError('composite: parts must name at least one aggregate function')
  const fns: PartAggregate[] = names.map((name) => {
    const part = parts[name] as unknown
    const methods = ['createAccumulator', 'add', 'merge', 'getResult']
    if (typeof part !== 'object' || part === null || !methods.every((m) => typeof (part as Record<string, unknown>)[m] === 'function')) {
      throw new InvalidArgumentError(`composite: part "${name}" must be an aggregate function (createAccumulator, add, merge, getResult)`)
    }
    return part as PartAggregate
  })
  return {
    createAccumulator: () => fns.map((f) => f.createAccumulator()),
    add: (element, acc) => {
      for (let i = 0; i < fns.length; i++) acc[i] = fns[i]!.add(element, acc[i])
      return acc
    },
    merge: (a, b) => {
      for (let i = 0; i < fns.length; i++) a[i] = fns[i]!.merge(a[i], b[i])
      return a
    },
    getResult: (acc) => {
      const result: Record<string, unknown> = {}
      for (let i = 0; i < fns.length; i++) result[names[i] as string] = fns[i]!.getResult(acc[i])
      return result as CompositeResult<P>
    },
    encode: (acc) => fns.map((f, i) => (f.encode ? f.encode(acc[i]) : (acc[i] as Json))),
    decode: (encoded) => {
      if (!Array.isArray(encoded) || encoded.length !== fns.length) {
        throw new SnapshotFormatError(`composite: encoded accumulator must be an array of ${fns.length} parts (${names.join(', ')})`)
      }
      return fns.map((f, i) => {
        const part = encoded[i] as Json
        if (!f.decode) return part
        try {
          return f.decode(part)
        } catch (error) {
          if (error instanceof SnapshotFormatError) throw error
          throw new SnapshotFormatError(`composite: part "${names[i]}" could not be decoded: ${(error as Error).message}`)
        }
      })
    },
  }
}
