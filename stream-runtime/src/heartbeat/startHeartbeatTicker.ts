import { createLogger } from '@sdp/service-kit'
import { HeartbeatOptionsError } from './errors.js'
import type { HeartbeatTicker, HeartbeatTickerOptions } from './types.js'
import { writeHeartbeats } from './writeHeartbeats.js'

/**
 * Writes heartbeats to every open shard now and then every `intervalMs` (the local stand-in for
 * the EventBridge schedule on AWS), so idle shards still advance their consumers' watermarks.
 * Ticks never overlap; a failed tick is reported to `onError` and the next one runs on time.
 *
 * @example
 * const ticker = startHeartbeatTicker({ kinesis, streamName: 'sdp-events', intervalMs: 1_000 })
 * // ...
 * await ticker.stop()
 */
export function startHeartbeatTicker(options: HeartbeatTickerOptions): HeartbeatTicker {
  const { intervalMs } = options
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new HeartbeatOptionsError(`intervalMs must be a positive number, got ${intervalMs}`)
  }
  const logger = options.onError ? undefined : createLogger({ serviceName: 'heartbeat' })
  const onError = options.onError ?? ((error: unknown) => logger?.error('heartbeat tick failed', error as Error))
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()

  const tick = (): void => {
    timer = undefined
    inFlight = (async () => {
      try {
        const result = await writeHeartbeats(options)
        options.onTick?.(result)
      } catch (error) {
        onError(error)
      } finally {
        if (!stopped) timer = setTimeout(tick, intervalMs)
      }
    })()
  }
  tick()

  return {
    stop: async () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      await inFlight
    },
  }
}
