import { lambdaContext } from '../_internal/lambdaContext.js'
import type { InvokeResult } from './interpretResponse.js'
import type { KinesisTumblingWindowEvent, WindowHandler, WindowHandlerFactory } from './types.js'

/** How the invoker emulates Lambda's containers and delivery. */
export interface InvokerSettings {
  readonly functionName: string
  readonly functionArn: string
  readonly factory: WindowHandlerFactory
  /** A new handler instance per call instead of one warm instance. */
  readonly freshContainers: boolean
  /** Two calls per event with the same input; the second result is kept. */
  readonly deliverTwice: boolean
}

/**
 * Calls one shard's handler the way Lambda would: a warm container (built once by the factory)
 * or a fresh one per call, each call with its own copy of the event and a Lambda `Context`.
 */
export class HandlerInvoker {
  private warm: WindowHandler | undefined
  private calls = 0

  public constructor(private readonly settings: InvokerSettings) {}

  /** Handler calls made so far (two per event with `deliverTwice`). */
  public get callCount(): number {
    return this.calls
  }

  /** Invokes for `event`; never throws (a thrown error is returned as `threw`). */
  public async invoke(event: KinesisTumblingWindowEvent): Promise<InvokeResult> {
    if (!this.settings.deliverTwice) return this.call(event)
    const first = await this.call(event)
    const second = await this.call(event)
    // A first call that threw is a failed delivery even if the duplicate went through.
    return first.kind === 'threw' ? first : second
  }

  private async call(event: KinesisTumblingWindowEvent): Promise<InvokeResult> {
    this.calls += 1
    try {
      const handler = await this.handler()
      // Each delivery gets its own copy, as each Lambda invocation deserializes its own payload.
      const response: unknown = await handler(structuredClone(event), lambdaContext(this.settings.functionName, this.settings.functionArn))
      return { kind: 'returned', response }
    } catch (error) {
      return { kind: 'threw', error }
    }
  }

  private async handler(): Promise<WindowHandler> {
    if (this.settings.freshContainers) return this.settings.factory()
    this.warm ??= await this.settings.factory()
    return this.warm
  }
}
