import { progressBar, type Progress, type ProgressBarOptions } from '@sdp/infra/cli'
import type { LoadProgress } from './runLoad.js'

export type { ProgressBarOptions, ProgressOutput } from '@sdp/infra/cli'

/**
 * The load tool's progress display (the shared `progressBar`, `cli-progress`):
 * `[██████░░░░] 60% 18/30 s · 2,412 ev/s · 14,402 ok · 0 errors`. On a terminal it redraws one
 * line in place; in a log (CI, a pipe) it prints the text alone every few seconds instead.
 */
export class ProgressBar {
  private readonly bar: Progress

  constructor(options: ProgressBarOptions = {}) {
    this.bar = progressBar(options)
  }

  /** Shows a snapshot: the bar fills with the sending time, and stays full while draining and verifying. */
  update(p: LoadProgress): void {
    const total = Math.max(1, p.durationSeconds)
    const done = p.phase === 'sending' ? Math.min(total, p.elapsedSeconds) : total
    this.bar.update(done, total, describe(p))
  }

  /** Ends the bar's line so the summary starts on a fresh one, and stops its redraw timer. */
  done(): void {
    this.bar.done()
  }
}

/** The text of one snapshot, without the bar. */
export function describe(p: LoadProgress): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US')
  const rate = p.elapsedSeconds > 0 ? p.eventsWritten / p.elapsedSeconds : 0
  const base = `${p.elapsedSeconds.toFixed(0)}/${p.durationSeconds} s · ${n(rate)} ev/s · ${n(p.eventsWritten)} ok · ${n(p.errors)} errors · ${p.inFlight} in flight`
  switch (p.phase) {
    case 'sending':
      return p.queued > 0 ? `${base} · ${n(p.queued)} queued` : base
    case 'draining':
      return `${base} · waiting for the last users`
    case 'verifying':
      return `verifying reports · ${p.differing === undefined ? 'first poll' : `${n(p.differing)} campaign(s) differ`} · ${p.elapsedSeconds.toFixed(0)} s`
  }
}
