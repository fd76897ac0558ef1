import type { LoadProgress } from './runLoad.js'

/** Where the bar draws: a TTY stream redraws one line, anything else gets a line now and then. */
export interface ProgressOutput {
  readonly isTTY?: boolean
  readonly columns?: number
  write(text: string): boolean
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** @default process.stderr */
  readonly output?: ProgressOutput
  /** Seconds between lines when the output is not a terminal. @default 5 */
  readonly plainEverySeconds?: number
}

/**
 * The load tool's progress display: `[██████░░░░] 60% 18/30 s · 2,412 ev/s · 14,402 ok · 0 errors`.
 * On a terminal it redraws one line in place; in a log (CI, a pipe) it prints a plain line every
 * few seconds instead, so logs stay readable. Dependency-free on purpose (see README).
 */
export class ProgressBar {
  private readonly output: ProgressOutput
  private readonly plainEveryMs: number
  private lastPlainAt = Number.NEGATIVE_INFINITY
  private drawn = false

  constructor(options: ProgressBarOptions = {}) {
    this.output = options.output ?? process.stderr
    this.plainEveryMs = (options.plainEverySeconds ?? 5) * 1000
  }

  /** Shows a snapshot. */
  update(p: LoadProgress): void {
    const text = describe(p)
    if (this.output.isTTY) {
      const width = Math.max(10, Math.min(30, (this.output.columns ?? 80) - text.length - 8))
      const ratio = p.phase === 'sending' ? Math.min(1, p.elapsedSeconds / p.durationSeconds) : 1
      const filled = Math.round(ratio * width)
      this.output.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${text}\x1b[K`)
      this.drawn = true
      return
    }
    const now = performance.now()
    if (now - this.lastPlainAt < this.plainEveryMs) return
    this.lastPlainAt = now
    this.output.write(`${text}\n`)
  }

  /** Ends the bar's line so the summary starts on a fresh one. */
  done(): void {
    if (this.drawn) this.output.write('\n')
    this.drawn = false
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
