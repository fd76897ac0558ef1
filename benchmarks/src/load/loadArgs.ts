import { parseCommandLine, UsageError } from '@sdp/infra/cli'
import { LoadArgsError } from './errors.js'

/** Everything a load run is configured with (the CLI's options, validated). */
export interface LoadOptions {
  /** Base URL of the API, without a trailing slash (`http://127.0.0.1:3000`, or the stack's `UrlForAPI`). */
  readonly url: string
  /** Base of the reports API. @default `${url}/reports/campaigns` */
  readonly reportsUrl: string
  /** Offered load in events per second (the peak of a ramp). */
  readonly rate: number
  /** Seconds during which virtual users start. */
  readonly durationSeconds: number
  /** Ramp the arrival of users linearly from 1 user/s to the rate, as Gatling's `rampUsersPerSec(1).to(n)`. @default false */
  readonly ramp: boolean
  /** Fraction of users whose bid never gets an impression (so no click either). @default 0.3 */
  readonly noImpFraction: number
  /** Fraction of the users with an impression that never click. @default 0.5 */
  readonly noClickFraction: number
  /** Campaigns the users are spread over. @default 10 */
  readonly campaigns: number
  /** First campaign id; the run uses `base … base + campaigns − 1`. @default random, so runs never share a campaign */
  readonly campaignBase: number | undefined
  /** Events per request: 1 posts each event to `/bid`, `/impression`, `/click`; more posts `/events` batches. @default 1 */
  readonly batch: number
  /** Most requests in flight (keep-alive connections). @default 32 */
  readonly connections: number
  /**
   * Seconds after the last user started that started users may still send their impressions and
   * clicks; what is still queued then is never sent (and never expected). @default 10
   */
  readonly drainSeconds: number
  /** Poll the reports API until it shows the expected counts. @default true */
  readonly verify: boolean
  /** How long verification may wait for the reports (the Lambda window must close). @default 120 */
  readonly verifyTimeoutSeconds: number
  /** Sign requests with SigV4 (`execute-api`) using the AWS credentials in the environment. @default false */
  readonly sigv4: boolean
  /** Region for SigV4. @default from the execute-api host, else `AWS_REGION` */
  readonly region: string | undefined
  /** Seed of the scenario's random choices. @default random */
  readonly seed: number | undefined
  /** Print the report as JSON on stdout instead of the summary (and no progress bar). @default false */
  readonly json: boolean
}

/** What the command line asked for. */
export type LoadCommand = { readonly help: true } | { readonly help: false; readonly options: LoadOptions }

/** The CLI's help text. */
export const LOAD_USAGE = `Usage: npm run load -- --url <base> [options]

Sends the ad-tech scenario: each virtual user posts a bid, then an impression, then a click for
the same tx_id (some users never get an impression or a click), then checks the reports API.

  --url <base>            API base URL (required), e.g. http://127.0.0.1:3000
  --rate <events/s>       offered events per second (peak of a ramp)          [default 100]
  --duration <s>          seconds during which users start                     [default 30]
  --ramp                  users/s grow linearly from 1 to the rate's users/s
  --no-imp <fraction>     users whose bid gets no impression, 0–1              [default 0.3]
  --no-click <fraction>   users with an impression that never click, 0–1      [default 0.5]
  --campaigns <n>         campaigns the users are spread over, 1–10000         [default 10]
  --campaign-base <id>    first campaign id                                    [default random]
  --batch <n>             events per request; >1 posts /events batches, ≤500   [default 1]
  --connections <n>       most requests in flight, 1–1024                      [default 32]
  --drain <s>             time after the last user started for the queue to empty;
                          events still queued then are never sent               [default 10]
  --no-verify             do not poll the reports API
  --verify-timeout <s>    how long to wait for the reports to match            [default 120]
  --reports-url <url>     reports API base                         [default <url>/reports/campaigns]
  --sigv4                 sign requests (IAM auth of a deployed stack) with AWS_ACCESS_KEY_ID,
                          AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
  --region <region>       SigV4 region                  [default from the URL, else AWS_REGION]
  --seed <n>              seed of the scenario's random choices                [default random]
  --json                  print the report as JSON instead of the summary
  -h, --help              this text

Environment (read only with --sigv4):
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   the credentials to sign with
  AWS_REGION              the region when neither --region nor the URL gives one

Exit codes: 0 PASS, 1 FAIL, 2 bad arguments or setup.

Example:
  npm run load -- --url http://127.0.0.1:3000 --rate 500 --duration 10
`

const OPTIONS = {
  url: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  ramp: { type: 'boolean' },
  'no-imp': { type: 'string' },
  'no-click': { type: 'string' },
  campaigns: { type: 'string' },
  'campaign-base': { type: 'string' },
  batch: { type: 'string' },
  connections: { type: 'string' },
  drain: { type: 'string' },
  'no-verify': { type: 'boolean' },
  'verify-timeout': { type: 'string' },
  'reports-url': { type: 'string' },
  sigv4: { type: 'boolean' },
  region: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** Largest campaign id the reports API accepts (15 digits). */
const MAX_CAMPAIGN_ID = 999_999_999_999_999

/**
 * Parses and validates the load tool's arguments (`process.argv.slice(2)`).
 *
 * @throws LoadArgsError naming the bad option and the rule it breaks
 * @example
 * const command = parseLoadArgs(['--url', 'http://127.0.0.1:3000', '--rate', '500', '--duration', '10'])
 */
export function parseLoadArgs(argv: readonly string[]): LoadCommand {
  let line
  try {
    line = parseCommandLine({ name: 'load', usage: LOAD_USAGE, options: OPTIONS }, argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    throw new LoadArgsError(`${error.message} (see --help)`)
  }
  if (line.help) return { help: true }
  const values: Record<string, string | boolean | undefined> = line.values
  const str = (name: keyof typeof OPTIONS) => values[name] as string | undefined

  const url = baseUrl('--url', str('url'))
  const campaigns = integer('--campaigns', str('campaigns'), 10, 1, 10_000)
  const campaignBase = str('campaign-base') === undefined ? undefined : integer('--campaign-base', str('campaign-base'), 0, 0, MAX_CAMPAIGN_ID - campaigns + 1)
  const options: LoadOptions = {
    url,
    reportsUrl: str('reports-url') === undefined ? `${url}/reports/campaigns` : baseUrl('--reports-url', str('reports-url')),
    rate: number('--rate', str('rate'), 100, { min: 0, minInclusive: false, max: 1_000_000, rule: 'a number of events per second' }),
    durationSeconds: number('--duration', str('duration'), 30, { min: 0, minInclusive: false, max: 86_400, rule: 'a number of seconds' }),
    ramp: values.ramp === true,
    noImpFraction: number('--no-imp', str('no-imp'), 0.3, { min: 0, minInclusive: true, max: 1, rule: 'a fraction' }),
    noClickFraction: number('--no-click', str('no-click'), 0.5, { min: 0, minInclusive: true, max: 1, rule: 'a fraction' }),
    campaigns,
    campaignBase,
    batch: integer('--batch', str('batch'), 1, 1, 500),
    connections: integer('--connections', str('connections'), 32, 1, 1024),
    drainSeconds: number('--drain', str('drain'), 10, { min: 0, minInclusive: true, max: 3_600, rule: 'a number of seconds' }),
    verify: values['no-verify'] !== true,
    verifyTimeoutSeconds: number('--verify-timeout', str('verify-timeout'), 120, { min: 0, minInclusive: false, max: 86_400, rule: 'a number of seconds' }),
    sigv4: values.sigv4 === true,
    region: str('region'),
    seed: str('seed') === undefined ? undefined : integer('--seed', str('seed'), 0, 0, 2 ** 32 - 1),
    json: values.json === true,
  }
  return { help: false, options }
}

function baseUrl(name: string, raw: string | undefined): string {
  if (raw === undefined || raw === '') throw new LoadArgsError(`${name} is required: the API's base URL, e.g. http://127.0.0.1:3000`)
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new LoadArgsError(`${name} must be an http(s) URL, got '${raw}'`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new LoadArgsError(`${name} must be an http(s) URL, got '${raw}'`)
  if (parsed.search !== '' || parsed.hash !== '') throw new LoadArgsError(`${name} must not have a query or fragment, got '${raw}'`)
  return parsed.href.replace(/\/+$/, '')
}

interface NumberRule {
  readonly min: number
  readonly minInclusive: boolean
  readonly max: number
  /** What the value is, for the message ("a fraction"). */
  readonly rule: string
}

function number(name: string, raw: string | undefined, fallback: number, rule: NumberRule): number {
  if (raw === undefined) return fallback
  const value = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN
  const low = rule.minInclusive ? value >= rule.min : value > rule.min
  if (!Number.isFinite(value) || !low || value > rule.max) {
    const range = `${rule.minInclusive ? 'from' : 'greater than'} ${rule.min} ${rule.minInclusive ? 'to' : 'and at most'} ${rule.max}`
    throw new LoadArgsError(`${name} must be ${rule.rule} ${range}, got '${raw}'`)
  }
  return value
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new LoadArgsError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`)
  return value
}
