/** Base error of the stream runtime. */
export class StreamRuntimeError extends Error {
  override name = 'StreamRuntimeError'
}

/** A stored state object this code cannot read; the invocation fails so Lambda retries rather than lose state. */
export class StateFormatError extends StreamRuntimeError {
  override name = 'StateFormatError'
}

/** A repartition (a job stage forwarding raw records to a keyed stream) the runtime cannot run correctly. */
export class RepartitionError extends StreamRuntimeError {
  override name = 'RepartitionError'
}
