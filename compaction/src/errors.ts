/** Base error of compaction and the Firehose transformation. */
export class CompactionError extends Error {
  override name = 'CompactionError'
}

/** A setting is missing or outside its range ("COMPACTION_TARGET_MB must be a positive whole number"). */
export class CompactionConfigError extends CompactionError {
  override name = 'CompactionConfigError'
}

/** A Firehose transformation event is not shaped as Firehose sends it. */
export class InvalidFirehoseEventError extends CompactionError {
  override name = 'InvalidFirehoseEventError'
}
