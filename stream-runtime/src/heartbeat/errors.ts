/** Base error of the heartbeat ticker. */
export class HeartbeatError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Some heartbeats could not be written after retrying. */
export class HeartbeatWriteError extends HeartbeatError {}

/** Ticker options break a rule (e.g. a non-positive interval). */
export class HeartbeatOptionsError extends HeartbeatError {}
