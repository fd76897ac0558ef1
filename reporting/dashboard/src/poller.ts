/** A task run again and again: see {@link poll}. */
export interface Poller {
  /** Runs the task now (after the running one, if any). */
  kick(): void
  stop(): void
}

/**
 * Runs `task` now and then `intervalMs` after each run ends — runs never overlap, and a hidden
 * tab polls nothing until it is shown again. A failing task is reported to `onError` and retried
 * at the next tick.
 */
export function poll(task: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let again = false
  let stopped = false
  const run = async (): Promise<void> => {
    clearTimeout(timer)
    if (stopped) return
    if (running) {
      again = true
      return
    }
    if (document.hidden) return // resumed by visibilitychange
    running = true
    try {
      await task()
    } catch (error) {
      onError(error)
    } finally {
      running = false
    }
    if (again) {
      again = false
      void run()
    } else if (!stopped) timer = setTimeout(() => void run(), intervalMs)
  }
  const onVisible = () => {
    if (!document.hidden) void run()
  }
  document.addEventListener('visibilitychange', onVisible)
  void run()
  return {
    kick: () => void run(),
    stop: () => {
      stopped = true
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
    },
  }
}
