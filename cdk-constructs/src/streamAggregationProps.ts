import type { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import { DEFAULT_PARTIALS_SHARDS, JOB_NAME, jobLayout } from './constants.js'
import { InvalidPropsError } from './errors.js'
import type { HandlerCode } from './HandlerCode.js'
import { checkConsumerProps } from './TumblingWindowConsumer.js'

/**
 * The second stage of a handler file: a tumbling-window `handler` of the partials stream that merges
 * stage 1's partials into `resultsTable` (how the platform deploys its reporting job).
 */
export interface MergeHandlerProps {
  /** A handler file, e.g. `HandlerCode.fromHandlerFile('src/handlers/merge.ts')`. */
  readonly code: HandlerCode
  /** @default stage 1's state prefix with `-merge` before its last '/' (`state/reporting/` → `state/reporting-merge/`) */
  readonly statePrefix?: string
  /** @default stage 1's dead-letter prefix with `-merge` before its last '/' */
  readonly deadLetterPrefix?: string
  /** The `service` dimension of its metrics. @default stage 1's `metricsService` followed by `-merge` */
  readonly metricsService?: string
  /** Further environment variables of stage 2 (the props' `environment` is stage 1's). @default {} */
  readonly environment?: Readonly<Record<string, string>>
  /** @default `Kinesis tumbling-window consumer: merges the partials of <name> (stage 2)` */
  readonly description?: string
}

/** Props of `StreamAggregation`. */
export interface StreamAggregationProps {
  /** The job's name (`defineWindowJob({ name })`): it names the prefixes, dead letters, metrics and results. */
  readonly name: string
  /** What runs: usually `HandlerCode.fromJobFile('jobs/q7.ts')`, deployed as two stages. */
  readonly code: HandlerCode
  /** The stream to aggregate, e.g. `Stream.fromStreamArn(...)`. @default a new on-demand stream, encrypted with `aws/kinesis` */
  readonly stream?: kinesis.IStream
  /** Where the state, the dead letters and a job's lake table go. @default a new encrypted, TLS-only bucket */
  readonly bucket?: s3.IBucket
  /** State prefix of a handler file (a job's are `state/jobs/<name>/` and `state/jobs/<name>-merge/`). @default `state/jobs/<name>/` */
  readonly statePrefix?: string
  /** Dead-letter prefix of a handler file (a job's are `errors/job-<name>/` and `errors/job-<name>-merge/`). @default `errors/job-<name>/` */
  readonly deadLetterPrefix?: string
  /**
   * Where stage 2 writes final values: for a job file, a table in stream-runtime's
   * `resultsTableDefinition` layout (`pk`/`sk` strings), read with `JobResultsTable`; for a handler
   * file with `mergeHandler`, the table its merge handler writes (required then).
   * @default for a job file, a new on-demand table
   */
  readonly resultsTable?: dynamodb.ITable
  /**
   * The partials stream: between the two stages, or the stream a one-stage handler file sends its
   * partials to (`PARTIALS_STREAM`, write access). @default with two stages, a new stream of `partialsShards` shards; for one, none
   */
  readonly partialsStream?: kinesis.IStream
  /**
   * A second stage for a handler file: the merge handler on the partials stream, writing
   * `resultsTable` (then required). Handler files only: a job file brings its own. @default none: one stage
   */
  readonly mergeHandler?: MergeHandlerProps
  /** Shards of the partials stream a two-stage aggregation gets when none is given. @default 1 */
  readonly partialsShards?: number
  /** Lambda tumbling window of stage 1, seconds (1–900). @default 60 */
  readonly windowSeconds?: number
  /** @default 1000 */
  readonly batchSize?: number
  /** @default 5 */
  readonly maxBatchingWindowSeconds?: number
  /** Lambda tumbling window of a job's stage 2, seconds (1–900). @default 60 */
  readonly mergeWindowSeconds?: number
  /** @default 1000 */
  readonly mergeBatchSize?: number
  /** @default 5 */
  readonly mergeMaxBatchingWindowSeconds?: number
  /** Stage 1 reads through a registered enhanced fan-out consumer of the stream. @default false */
  readonly enhancedFanOut?: boolean
  /** The alarm fires when a stage dead-letters more than this share of its records in 5 minutes. @default 0.01 */
  readonly deadLetterRateThreshold?: number
  /** The `service` dimension of a handler file's metrics (a job's are `job-<name>` and `job-<name>-merge`). @default `job-<name>` */
  readonly metricsService?: string
  /** Further environment variables of the functions. @default {} */
  readonly environment?: Readonly<Record<string, string>>
  /** Description of the stage-1 function. @default `Kinesis tumbling-window consumer: job <name>` */
  readonly description?: string
  /** Memory of each function. @default 1024 */
  readonly memorySize?: number
  /** Timeout of each function. @default Duration.minutes(5) */
  readonly timeout?: Duration
}

/** A handler file's second stage, resolved. */
export interface ResolvedMergeHandler {
  readonly code: HandlerCode
  readonly statePrefix: string
  readonly deadLetterPrefix: string
}

/** What the props resolve to, checked. */
export interface ResolvedProps {
  readonly name: string
  readonly isJob: boolean
  /** A job file, or a handler file with `mergeHandler`: a partials stream and a second stage. */
  readonly twoStage: boolean
  /** The second stage of a handler file. */
  readonly mergeHandler?: ResolvedMergeHandler
  readonly statePrefix: string
  readonly deadLetterPrefix: string
  readonly threshold: number
  /** The `service` dimension of each stage's metrics. */
  readonly services: readonly string[]
  readonly partialsShards: number
}

const KEY_PREFIX = /^[A-Za-z0-9][\w./-]*\/$/

/** Props a job file does not take: its handlers derive these from its name. */
const HANDLER_FILE_ONLY = ['statePrefix', 'deadLetterPrefix', 'metricsService'] as const
/** Props only a job file takes. */
const JOB_FILE_ONLY = ['resultsTable', 'partialsShards', 'mergeWindowSeconds', 'mergeBatchSize', 'mergeMaxBatchingWindowSeconds'] as const

function checkKind(props: StreamAggregationProps): void {
  if (props.code.isJob && props.mergeHandler) throw new InvalidPropsError('mergeHandler cannot be given for a job file: its bundle brings its own second stage')
  if (props.mergeHandler) {
    checkMergeHandler(props)
    return
  }
  const [given, kind, rule] = props.code.isJob
    ? [HANDLER_FILE_ONLY, 'a job file', "its handlers derive them from the job's name"]
    : [JOB_FILE_ONLY, 'a handler file without mergeHandler', 'they configure a second stage']
  const wrong = given.filter((prop) => props[prop] !== undefined)
  if (wrong.length > 0) throw new InvalidPropsError(`${wrong.join(', ')} cannot be given for ${kind}: ${rule}`)
}

function checkMergeHandler(props: StreamAggregationProps): void {
  if (props.mergeHandler?.code.isJob) throw new InvalidPropsError('mergeHandler.code must be a handler file (HandlerCode.fromHandlerFile), not a job')
  if (props.resultsTable === undefined) throw new InvalidPropsError('resultsTable must be given with mergeHandler: the table its merge handler writes')
}

/** `state/reporting/` → `state/reporting-merge/`. */
const mergePrefixOf = (prefix: string) => `${prefix.slice(0, -1)}-merge/`

function resolveMergeHandler(props: StreamAggregationProps, statePrefix: string, deadLetterPrefix: string): ResolvedMergeHandler | undefined {
  const merge = props.mergeHandler
  if (merge === undefined) return undefined
  return {
    code: merge.code,
    statePrefix: checkPrefix('mergeHandler.statePrefix', merge.statePrefix ?? mergePrefixOf(statePrefix)),
    deadLetterPrefix: checkPrefix('mergeHandler.deadLetterPrefix', merge.deadLetterPrefix ?? mergePrefixOf(deadLetterPrefix)),
  }
}

function checkPrefix(prop: string, prefix: string): string {
  if (!KEY_PREFIX.test(prefix)) throw new InvalidPropsError(`${prop} must be a key prefix ending in '/', got '${prefix}'`)
  return prefix
}

/** The `service` dimension of each stage's metrics (one entry when both stages share it). */
function servicesOf(props: StreamAggregationProps, layout: ReturnType<typeof jobLayout>): string[] {
  if (props.code.isJob) return [layout.serviceName, layout.mergeServiceName]
  const stage1 = props.metricsService ?? layout.serviceName
  if (props.mergeHandler === undefined) return [stage1]
  return [...new Set([stage1, props.mergeHandler.metricsService ?? `${stage1}-merge`])]
}

function checkPartials(props: StreamAggregationProps): number {
  if (props.partialsStream && props.partialsShards !== undefined)
    throw new InvalidPropsError('partialsShards is for a created partials stream; partialsStream is given')
  const shards = props.partialsShards ?? DEFAULT_PARTIALS_SHARDS
  if (!Number.isInteger(shards) || shards < 1 || shards > 500) throw new InvalidPropsError(`partialsShards must be a whole number from 1 to 500, got ${shards}`)
  return shards
}

/** @throws InvalidPropsError naming the prop, the rule and the value */
export function resolveProps(props: StreamAggregationProps): ResolvedProps {
  if (typeof props.name !== 'string' || !JOB_NAME.test(props.name)) {
    throw new InvalidPropsError(`name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit, got ${JSON.stringify(props.name)}`)
  }
  const fixed = props.code.jobName
  if (fixed !== undefined && fixed !== props.name)
    throw new InvalidPropsError(`name must be '${fixed}', the name of the job the code holds (a .sql job is named after its file), got '${props.name}'`)
  checkKind(props)
  const layout = jobLayout(props.name)
  const statePrefix = checkPrefix('statePrefix', props.statePrefix ?? layout.statePrefix)
  const deadLetterPrefix = checkPrefix('deadLetterPrefix', props.deadLetterPrefix ?? `errors/${layout.deadLetterSource}/`)
  const mergeHandler = resolveMergeHandler(props, statePrefix, deadLetterPrefix)
  checkConsumerProps(props)
  checkConsumerProps(
    { windowSeconds: props.mergeWindowSeconds, batchSize: props.mergeBatchSize, maxBatchingWindowSeconds: props.mergeMaxBatchingWindowSeconds },
    'merge',
  )
  const partialsShards = checkPartials(props)
  const threshold = props.deadLetterRateThreshold ?? 0.01
  if (!(threshold > 0 && threshold <= 1)) throw new InvalidPropsError(`deadLetterRateThreshold must be in (0, 1], got ${threshold}`)
  const isJob = props.code.isJob
  const services = servicesOf(props, layout)
  const twoStage = isJob || mergeHandler !== undefined
  return { name: props.name, isJob, twoStage, ...(mergeHandler ? { mergeHandler } : {}), statePrefix, deadLetterPrefix, threshold, services, partialsShards }
}
