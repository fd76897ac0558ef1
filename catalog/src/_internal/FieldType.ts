import * as t from 'io-ts'
import { REQUIRED, type FieldCheck } from './fieldChecks.js'

/**
 * An io-ts codec for one field, built from a {@link FieldCheck}: an absent value fails with
 * "is required", a bad one with the check's message. The fast stream guard calls the same checks
 * directly, so the codecs and the guard share every field rule.
 */
export class FieldType<A> extends t.Type<A, A> {
  constructor(
    name: string,
    readonly check: FieldCheck,
  ) {
    super(
      name,
      (u): u is A => check(u) === undefined,
      (u, c) => {
        const message = u === undefined ? REQUIRED : check(u)
        return message === undefined ? t.success(u as A) : t.failure(u, c, message)
      },
      t.identity,
    )
  }
}

/**
 * The `type` field of a single-event codec (`Bid`, `Impression`, `Click`): absent means `value`,
 * anything else but `value` is an error. Used where the route already says which event it is.
 */
export class DefaultedType<K extends string> extends t.Type<K, K> {
  constructor(readonly value: K) {
    const message = `must be "${value}"`
    super(
      `${value} (default)`,
      (u): u is K => u === value,
      (u, c) => (u === undefined || u === value ? t.success(value) : t.failure(u, c, message)),
      t.identity,
    )
  }
}
