// How report figures read on the dashboard (reporting/dashboard/ bundles this module). No DOM.
import { formatInZone } from './periodBuckets.js'
import type { MetricsResponse } from './responses.js'

/** Shown where a figure is unknown or undefined. */
export const NONE = '—'

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })
const three = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3, minimumFractionDigits: 3 })

/** `12,345`; `—` for null. */
export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? NONE : integer.format(n))

/** A ratio as a percentage with one decimal (`0.1234` → `12.3%`); `—` for null. */
export const formatPercent = (r: number | null | undefined): string => (r === null || r === undefined ? NONE : `${decimal.format(r * 100)}%`)

/** A score or loss with three decimals; `—` for null. */
export const formatScore = (v: number | null | undefined): string => (v === null || v === undefined ? NONE : three.format(v))

/** A rate of events per second: one decimal below 100, whole above. */
export const formatRate = (r: number | null | undefined): string =>
  r === null || r === undefined ? NONE : `${r < 100 ? decimal.format(r) : integer.format(r)}/s`

/** A duration: `850 ms`, `3.2 s`, `4.0 min`, `2.5 h`; `—` for null. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return NONE
  if (ms < 1000) return `${integer.format(ms)} ms`
  if (ms < 60_000) return `${decimal.format(ms / 1000)} s`
  if (ms < 3_600_000) return `${decimal.format(ms / 60_000)} min`
  return `${decimal.format(ms / 3_600_000)} h`
}

/** How long ago `iso` was, from `now`: `just now`, `12 s ago`, `3 min ago`; `—` for null. */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return NONE
  const ms = Math.max(0, now - Date.parse(iso))
  if (ms < 1000) return 'just now'
  return `${formatDuration(ms).replace(/\.0 /, ' ')} ago`
}

/**
 * An instant in a time zone: `2026-01-01 13:05` (seconds when `withSeconds`). Cut from
 * {@link formatInZone}, so the page writes local times with the code the API writes them with
 * (and builds no formatter per call).
 */
export function formatInstant(t: number, zone: string, withSeconds = false): string {
  return formatInZone(t, zone)
    .slice(0, withSeconds ? 19 : 16)
    .replace('T', ' ')
}

/** The label of a period bucket starting at `t`: the date for days, date and time otherwise. */
export function formatBucket(t: number, period: string, zone: string): string {
  const s = formatInstant(t, zone)
  return period === 'DAYS' ? s.slice(0, 10) : s
}

/**
 * The fault mode's figures in one line, e.g. `120 injected in 4,000 requests (dynamodb 40, kinesis 30,
 * s3 50) · 150 SDK retries`; `off` when no faults are injected.
 */
export function formatFaults(f: MetricsResponse['faults']): string {
  if (f === null) return 'off'
  const services = Object.entries(f.services)
  const requests = services.reduce((n, [, s]) => n + s.requests, 0)
  return `${formatCount(f.injected_total)} injected in ${formatCount(requests)} requests (${services.map(([name, s]) => `${name} ${formatCount(s.injected)}`).join(', ')}) · ${formatCount(f.sdk_retries_total)} SDK retries`
}
