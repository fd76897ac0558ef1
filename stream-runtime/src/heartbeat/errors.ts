import { StreamRuntimeError } from '../errors.js'

/** Base error of the heartbeat ticker. */
export class HeartbeatError extends StreamRuntimeError {
  override name = 'HeartbeatError'
}

/** Some heartbeats could not be written after retrying. */
export class HeartbeatWriteError extends HeartbeatError {
  override name = 'HeartbeatWriteError'
}

/** Ticker options break a rule (e.g. a non-positive interval). */
export class HeartbeatOptionsError extends HeartbeatError {
  override name = 'HeartbeatOptionsError'
}
