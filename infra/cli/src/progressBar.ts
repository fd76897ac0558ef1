import cliProgress from 'cli-progress'

/** Where a progress bar draws (`process.stderr`, or a test's sink). */
export interface ProgressOutput {
  readonly isTTY?: boolean
  readonly columns?: number
  write(text: string): boolean
}

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** @default process.stderr */
  readonly output?: ProgressOutput
  /** Seconds between lines when the output is not a terminal. @default 5 */
  readonly plainEverySeconds?: number
}

/** A progress display: `update` as work goes on, `done` once at the end (it also stops the bar's timer). */
export interface Progress {
  update(done: number, total: number, text: string): void
  done(): void
}

/**
 * A progress bar for the CLIs (`cli-progress`): on a terminal one line redrawn in place,
 * `[██████░░░░] 60% <text>`, at most 10 times a second; anywhere else (a pipe, CI logs) the text
 * alone, one line every few seconds, so logs stay short.
 *
 * @example
 * const progress = progressBar()
 * progress.update(12, 40, 'parquet_bcns 2026-11-28/05 compacted')
 * progress.done()
 */
export function progressBar(options: ProgressBarOptions = {}): Progress {
  const output = options.output ?? process.stderr
  const bar = new cliProgress.SingleBar({
    // cli-progress only writes to the stream and reads isTTY and columns from it.
    stream: output as unknown as NodeJS.WritableStream,
    format: output.isTTY ? '[{bar}] {percentage}% {text}' : '{text}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 30,
    hideCursor: false,
    noTTYOutput: true,
    notTTYSchedule: (options.plainEverySeconds ?? 5) * 1000,
    // In a log every line already ends in a newline: no blank line after the last one.
    clearOnComplete: output.isTTY !== true,
  })
  let started = false
  return {
    update(done, total, text) {
      if (!started) {
        bar.start(total, done, { text })
        started = true
        return
      }
      bar.setTotal(total)
      bar.update(done, { text })
    },
    done() {
      if (started) bar.stop()
      started = false
    },
  }
}
