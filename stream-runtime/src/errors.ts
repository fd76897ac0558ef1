/** Base error of the stream runtime. */
export class StreamRuntimeError extends Error {
  override name = 'StreamRuntimeError'
}

/** A stored state object this code cannot read; the invocation fails so Lambda retries rather than lose state. */
export class StateFormatError extends StreamRuntimeError {
  override name = 'StateFormatError'
}
