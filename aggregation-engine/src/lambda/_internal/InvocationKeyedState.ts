import { EngineError } from '../../errors.js'
import type { Json } from '../../types.js'
import { CARRY_KEY } from '../constants.js'
import type { KeyedState } from '../WindowJob.js'

/**
 * The external keyed state of one invocation: reads see this invocation's writes, then the
 * fetched values. While a record is processed it may touch only the keys declared for its
 * partition key (`allowed`); between records (a job committing in `takeOutputs`) any key
 * declared for the batch. Those are the keys the caller fetched; anything else is a job bug.
 *
 * A class rather than closures: its methods stay the same functions across invocations, so the
 * optimized hot loop is not thrown away at every invocation.
 */
export class InvocationKeyedState implements KeyedState {
  readonly writes = new Map<string, Json>()
  allowed: readonly string[] | undefined = undefined
  private batchKeys: ReadonlySet<string> | undefined

  constructor(
    private readonly fetched: ReadonlyMap<string, Json>,
    private readonly declaredForBatch: () => ReadonlySet<string>,
  ) {}

  get(key: string): Json | undefined {
    this.check(key, 'read')
    const written = this.writes.get(key)
    return written === undefined ? this.fetched.get(key) : written
  }

  set(key: string, value: Json): void {
    this.check(key, 'written')
    this.writes.set(key, value)
  }

  private check(key: string, verb: string): void {
    const allowed = this.allowed
    const ok =
      allowed === undefined
        ? key !== CARRY_KEY && (this.batchKeys ??= this.declaredForBatch()).has(key)
        : allowed.length === 1
          ? allowed[0] === key
          : allowed.includes(key)
    if (!ok) throw new EngineError(`state key "${key}" was ${verb} but not declared by stateKeys`)
  }
}
