import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

/**
 * Lowers the CPU priority of the calling thread (not the process) to `nice`, so batch work in it
 * yields the CPU to the threads that answer requests. Linux only: elsewhere, or where the thread
 * id cannot be found, nothing changes.
 *
 * @param nice - 0 (normal) to 19 (lowest)
 * @returns the thread's nice value afterwards, or undefined when it could not be set
 */
export function lowerThreadPriority(nice: number): number | undefined {
  try {
    // `/proc/thread-self` links to `<pid>/task/<tid>`; setpriority() on a tid affects that thread only.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
    if (!Number.isInteger(tid) || tid <= 0) return undefined
    if (getPriority(tid) < nice) setPriority(tid, nice)
    return getPriority(tid)
  } catch {
    return undefined
  }
}
