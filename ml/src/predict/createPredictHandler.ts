import type { S3Client } from '@aws-sdk/client-s3'
import { createLogger, unavailable, type Logger } from '@sdp/service-kit'
import { S3ObjectStore, type ObjectStore } from '@sdp/stream-runtime'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { ML_DEFAULTS, MODEL_PREFIX } from '../constants.js'
import { MlError } from '../errors.js'
import { ModelRepository } from '../store/ModelRepository.js'
import { ModelCache } from './ModelCache.js'
import { parsePredictionRequest } from './parsePredictionRequest.js'

/** Clients and settings of the predictions API. */
export interface PredictHandlerDependencies {
  readonly s3: S3Client
  /** The lake bucket holding `models/bid-win/`. */
  readonly bucket: string
  /** `predicted_label` is 1 when `score >= threshold`. @default 0.5 */
  readonly threshold?: number
  /** Check `latest.json` at most this often (ms). @default 5000 */
  readonly refreshMs?: number
  /** Milliseconds clock (tests). @default Date.now */
  readonly now?: () => number
  /** Another object store than `s3`/`bucket` (tests). @default S3ObjectStore(s3, bucket) */
  readonly store?: ObjectStore
  /** Where a refresh failure that kept the cached model serving, and a model store answered with 503, are reported. @default JSON on stdout, service `predictions` */
  readonly logger?: Logger
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

const NO_MODEL = `no bid-win model yet: ${MODEL_PREFIX}/latest.json does not exist. The training consumer publishes the first version at the end of the first Lambda window in which a bid was won or lost; send bids (and impressions) and retry.`

/**
 * The predictions API for API Gateway proxy events: `POST /predictions` with one bid
 * `{campaignItemId, domain, creativeId, creativeCategory, winPrice}` or an array of them answers
 * `{"predictions":[{"score":0.73,"predicted_label":1}]}` (SageMaker linear-learner shape), one
 * prediction per bid, with the model version in `x-model-version`. The body is validated before
 * the model is looked at (400 naming each bad field); before the first version exists the answer
 * is 503 saying so. The model is cached and follows `latest.json` (see {@link ModelCache}).
 *
 * @example
 * const predict = createPredictHandler({ s3, bucket: 'sdp-lake' })
 * await predict({ ...event, httpMethod: 'POST', path: '/predictions', body: '{"campaignItemId":"1463517", ...}' })
 */
export function createPredictHandler(deps: PredictHandlerDependencies): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const threshold = deps.threshold ?? ML_DEFAULTS.predictionThreshold
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))
    throw new MlError(`threshold must be a number from 0 to 1, got ${String(threshold)}`)
  const refreshMs = deps.refreshMs ?? ML_DEFAULTS.modelRefreshMs
  if (!Number.isFinite(refreshMs) || refreshMs < 0) throw new MlError(`refreshMs must be a non-negative number, got ${String(refreshMs)}`)
  const logger = deps.logger ?? createLogger({ serviceName: 'predictions' })
  const cache = new ModelCache(new ModelRepository(deps.store ?? new S3ObjectStore(deps.s3, deps.bucket)), {
    refreshMs,
    ...(deps.now ? { now: deps.now } : {}),
    onStale: (error) => logger.warn('model refresh failed; serving the cached version', { error: String(error) }),
  })

  return async function predictions(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    if (!/^\/predictions\/?$/.test(event.path ?? '')) return json(404, { error: `no route for ${event.httpMethod} ${event.path}` })
    if (event.httpMethod !== 'POST') return json(405, { error: `${event.httpMethod} is not allowed here; use POST` }, { allow: 'POST' })
    const body = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
    const request = parsePredictionRequest(body)
    if (!request.ok) return json(400, { error: 'invalid request', errors: request.errors })
    let served
    try {
      served = await cache.current()
    } catch (error) {
      logger.error('the model store is unavailable', error as Error)
      return unavailable('the model store', { retryAfterSeconds: 5 })
    }
    if (!served) return json(503, { error: NO_MODEL }, { 'retry-after': '30' })
    const predictions = request.bids.map((bid) => {
      const score = served.model.score(bid)
      return { score, predicted_label: score >= threshold ? 1 : 0 }
    })
    return json(200, { predictions }, { 'x-model-version': served.info.id })
  }
}
