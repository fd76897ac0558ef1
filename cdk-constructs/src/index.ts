// Public API of @sdp/cdk-constructs (the Lambda side is `@sdp/cdk-constructs/handler`).
export { StreamAggregation, type StreamAggregationProps } from './StreamAggregation.js'
export { HandlerCode, type BundleOptions, type ResolvedHandlerCode } from './HandlerCode.js'
export { BundledFunction, type BundledFunctionProps } from './BundledFunction.js'
export { TumblingWindowConsumer, type TumblingWindowConsumerProps } from './TumblingWindowConsumer.js'
export { grantList, grantObjects, type PrefixObjectAction } from './bucketGrants.js'
export { acknowledge, acknowledgeWildcardAction, acknowledgeWildcardResources } from './nag.js'
export { InvalidPropsError, MissingEntryError, StreamAggregationError } from './errors.js'
export { JOB_ENV, METRICS_NAMESPACE, STREAM_CONSUMER_NODE_OPTIONS, jobLayout } from './constants.js'
