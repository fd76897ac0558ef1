/** Base error of the constructs: a prop breaks a rule. */
export class StreamAggregationError extends Error {
  override name = 'StreamAggregationError'
}

/** A prop is out of range or contradicts another; the message names the prop, the rule and the value. */
export class InvalidPropsError extends StreamAggregationError {
  override name = 'InvalidPropsError'
}

/** An entry file to bundle does not exist. */
export class MissingEntryError extends StreamAggregationError {
  override name = 'MissingEntryError'
}

/** A `.sql` job's query does not compile: the message is `<file>:<line>:<column>: <reason>`, the parser's position. */
export class InvalidQueryError extends StreamAggregationError {
  override name = 'InvalidQueryError'
}
