import { regionOfApiUrl, signRequest, type AwsCredentials } from './signRequest.js'

/** Where the deployed (or local) platform answers: the stack outputs. */
export interface SmokeTestTargets {
  /** `UrlForAPI` (ingest routes below it), e.g. `https://id.execute-api.eu-west-1.amazonaws.com/prod/`. */
  readonly api: string
  /** `UrlForReports`. @default `${api}reports/campaigns` */
  readonly reports?: string
  /** `UrlForPredictions`. @default `${api}predictions` */
  readonly predictions?: string
}

/** Options of {@link runSmokeTest}. */
export interface SmokeTestOptions extends SmokeTestTargets {
  /** Signs requests to `execute-api` URLs; other URLs (the local platform) are called unsigned. */
  readonly credentials?: AwsCredentials
  /** How long to wait for the report to show the transaction: the default stage-1 window (600 s), Lambda's wait for a quiet window and stage 2. @default 900_000 */
  readonly timeoutMs?: number
  /** @default 5_000 */
  readonly pollMs?: number
  readonly log?: (message: string) => void
  /** Makes the transaction id and campaign unique. @default Date.now() */
  readonly seed?: number
}

/** What a passing run saw. */
export interface SmokeTestResult {
  readonly campaignItemId: number
  readonly report: { bids: number; imps: number; clicks: number }
  /** `ok` with a score, or `no-model` (503 before the first training window). */
  readonly prediction: 'ok' | 'no-model'
  readonly seconds: number
}

/**
 * The README's flow against a running platform: a bid, its click (sent before the impression, as
 * the original README does) and its impression, then the campaign's report polled until it shows
 * 1 bid, 1 impression, 1 click, then one prediction. Requests to API Gateway are SigV4-signed.
 *
 * @throws Error naming the step that failed
 */
export async function runSmokeTest(options: SmokeTestOptions): Promise<SmokeTestResult> {
  const started = Date.now()
  const seed = options.seed ?? started
  const log = options.log ?? (() => {})
  const base = options.api.endsWith('/') ? options.api : `${options.api}/`
  const call = apiCaller(options.credentials)
  const campaignItemId = 900_000_000 + (seed % 100_000_000)
  await sendTransaction(call, base, campaignItemId, `smoke-${seed}`, log)
  const timeoutMs = options.timeoutMs ?? 900_000
  const report = await pollReport(call, `${options.reports ?? `${base}reports/campaigns`}/${campaignItemId}`, {
    deadline: started + timeoutMs,
    timeoutMs,
    pollMs: options.pollMs ?? 5_000,
    log,
  })
  const prediction = await askPrediction(call, options.predictions ?? `${base}predictions`, campaignItemId, log)
  return { campaignItemId, report, prediction, seconds: (Date.now() - started) / 1000 }
}

/** One HTTP call's status and body (`{}` when empty). */
type ApiCall = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: string }>

/** Calls the API with JSON bodies, SigV4-signed when the URL is API Gateway's. */
function apiCaller(credentials: SmokeTestOptions['credentials']): ApiCall {
  return async (method, url, body) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    let headers: Record<string, string> = text === undefined ? {} : { 'content-type': 'application/json' }
    if (/\.execute-api\./.test(new URL(url).host)) {
      if (!credentials) throw new Error('AWS credentials are needed to call API Gateway (IAM authorization)')
      headers = await signRequest({ method, url, headers, ...(text === undefined ? {} : { body: text }) }, credentials, { region: regionOfApiUrl(url) })
    }
    const response = await fetch(url, { method, headers, ...(text === undefined ? {} : { body: text }) })
    return { status: response.status, body: (await response.text()) || '{}' }
  }
}

/** A bid, its click (before the impression, as the original README sends them) and its impression. */
async function sendTransaction(call: ApiCall, base: string, campaignItemId: number, tx_id: string, log: (message: string) => void): Promise<void> {
  const events: [string, object][] = [
    [
      'bid',
      { tx_id, campaign_item_id: campaignItemId, app_uid: 'smoke-app', domain: 'smoke.example', creative_id: 'c1', creative_category: 'IAB1', win_price: 12 },
    ],
    ['click', { tx_id }],
    ['impression', { tx_id, win_price: 10 }],
  ]
  for (const [route, event] of events) {
    const { status, body } = await call('POST', `${base}${route}`, event)
    if (status !== 200) throw new Error(`POST /${route} answered ${status}: ${body}`)
    log(`POST /${route} ok`)
  }
}

/** Polls the campaign's report until it shows 1 bid, 1 impression, 1 click, or the deadline passes. */
async function pollReport(
  call: ApiCall,
  url: string,
  poll: { deadline: number; timeoutMs: number; pollMs: number; log: (message: string) => void },
): Promise<SmokeTestResult['report']> {
  for (;;) {
    const { status, body } = await call('GET', url)
    if (status !== 200) throw new Error(`GET reports answered ${status}: ${body}`)
    const report = JSON.parse(body) as SmokeTestResult['report']
    poll.log(`report: ${report.bids} bid(s), ${report.imps} impression(s), ${report.clicks} click(s)`)
    if (report.bids === 1 && report.imps === 1 && report.clicks === 1) return report
    if (Date.now() > poll.deadline) throw new Error(`the report still shows ${JSON.stringify(report)} after ${poll.timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, poll.pollMs))
  }
}

/** One prediction for the bid's features: a score, or 503 before the first training window. */
async function askPrediction(call: ApiCall, url: string, campaignItemId: number, log: (message: string) => void): Promise<SmokeTestResult['prediction']> {
  const features = { campaignItemId: String(campaignItemId), domain: 'smoke.example', creativeId: 'c1', creativeCategory: 'IAB1', winPrice: 12 }
  const { status, body } = await call('POST', url, features)
  if (status !== 200 && status !== 503) throw new Error(`POST /predictions answered ${status}: ${body}`)
  log(`POST /predictions: ${status}`)
  return status === 200 ? 'ok' : 'no-model'
}
