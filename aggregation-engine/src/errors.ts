/** Base error of the engine: every message names the rule that was broken. */
export class EngineError extends Error {
  override name = 'EngineError'
}

/** A factory got an argument that breaks one of its rules ("offset must be smaller than size"). */
export class InvalidArgumentError extends EngineError {
  override name = 'InvalidArgumentError'
}

/** A snapshot that this version of the code cannot read. Returned as a value by restore functions, never thrown to the caller. */
export class SnapshotFormatError extends EngineError {
  override name = 'SnapshotFormatError'
}
