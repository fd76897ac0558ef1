/** A tumbling window of arrival time, `[startMs, endMs)`, aligned to multiples of its size from the epoch. */
export interface TumblingWindow {
  readonly startMs: number
  readonly endMs: number
}

/**
 * The window of `sizeMs` that holds `timestampMs`: `floor(t / size) * size` (correct for any
 * sign of `t`).
 *
 * @example windowContaining(7_500, 5_000) // { startMs: 5_000, endMs: 10_000 }
 */
export function windowContaining(timestampMs: number, sizeMs: number): TumblingWindow {
  const startMs = Math.floor(timestampMs / sizeMs) * sizeMs
  return { startMs, endMs: startMs + sizeMs }
}

/** The window as Lambda writes it: ISO-8601 UTC at second precision with a trailing `Z`. */
export function windowToIso(window: TumblingWindow): { start: string; end: string } {
  return { start: isoSeconds(window.startMs), end: isoSeconds(window.endMs) }
}

/** Parses the ISO form back; `undefined` when either bound is not a date. */
export function windowFromIso(iso: { start: string; end: string }): TumblingWindow | undefined {
  const startMs = Date.parse(iso.start)
  const endMs = Date.parse(iso.end)
  return Number.isFinite(startMs) && Number.isFinite(endMs) && endMs > startMs ? { startMs, endMs } : undefined
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
