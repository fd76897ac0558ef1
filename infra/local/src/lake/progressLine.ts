/** A progress display: `update` as work goes on, `done` at the end. */
export interface Progress {
  update(done: number, total: number, label: string): void
  done(): void
}

/**
 * A one-line progress bar on a terminal (`[#####-----] 12/40 parquet_bcns 2026-11-28/05`),
 * redrawn in place; on anything else (a pipe, CI logs) one plain line per tenth of the work, so
 * logs stay short. No progress-bar library is installed in the workspace (cli-progress and ora
 * are not; `progress` comes only with autocannon and is unmaintained), so this is the small
 * TTY-aware line the task allows.
 */
export function progressLine(stream: NodeJS.WriteStream, width = 30): Progress {
  let lastTenth = -1
  let drawn = false
  return {
    update(done, total, label) {
      const ratio = total === 0 ? 1 : done / total
      if (stream.isTTY) {
        const filled = Math.round(ratio * width)
        const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`
        stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1).padEnd(Math.min(stream.columns ?? 120, 120) - 1)}`)
        drawn = true
      } else {
        const tenth = Math.floor(ratio * 10)
        if (tenth !== lastTenth) {
          lastTenth = tenth
          stream.write(`compacting: ${done}/${total} partitions (${Math.round(ratio * 100)}%)\n`)
        }
      }
    },
    done() {
      if (drawn) stream.write('\n')
    },
  }
}
