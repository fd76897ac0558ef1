/** Base error of compaction and the Firehose transformation. */
export class CompactionError extends Error {
  override name = 'CompactionError'
}

/** A Firehose transformation event is not shaped as Firehose sends it. */
export class InvalidFirehoseEventError extends CompactionError {
  override name = 'InvalidFirehoseEventError'
}
