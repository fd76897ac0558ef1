import type { Json, Key, TimeWindow } from '../../types.js'
import { compareKeys } from './compareKeys.js'
import { ABSENT_ACCUMULATOR_BYTES, GROUP_BYTES, jsonBytes, keyBytes, numberBytes, STATE_OVERHEAD_BYTES, timerBytes } from './estimate.js'
import { TimerQueue } from '../../state/TimerQueue.js'

/** Index of a time domain in `Group.timers` and `WindowTable.queues`. */
export type DomainIndex = 0 | 1
export const EVENT: DomainIndex = 0
export const PROCESSING: DomainIndex = 1

/** One (key, window)'s state: its accumulator (absent after a purge or flush) and its trigger state. */
export interface Entry<ACC> {
  acc: ACC | undefined
  state: Json | undefined
  readonly keyBytes: number
  accBytes: number
  stateBytes: number
}

/** All keys of one window (the columnar unit of snapshots), with their timers. */
export class Group<ACC> {
  readonly entries = new Map<Key, Entry<ACC>>()
  /** Timers per domain: time → keys. */
  readonly timers: [Map<number, Set<Key>>, Map<number, Set<Key>>] = [new Map<number, Set<Key>>(), new Map<number, Set<Key>>()]
  bytes = 0
  timerBytes = 0
  /** False once removed from its table: queue items may still point at it. */
  live = true

  constructor(
    readonly id: string,
    readonly window: TimeWindow,
  ) {}
}

/** What a queue item is due for: the trigger timers of a window, or the window's cleanup. */
export type QueueItemKind = 'timers' | 'cleanup'

/** A due time in a timer queue: the trigger timers of a window at `time`, or the window's cleanup. */
export interface QueueItem<ACC> {
  readonly time: number
  readonly kind: QueueItemKind
  readonly group: Group<ACC>
}

/** Timers of a time run before cleanups of the same time. */
const compareKinds = (a: QueueItemKind, b: QueueItemKind): number => (a === b ? 0 : a === 'timers' ? -1 : 1)

function compareItems<ACC>(a: QueueItem<ACC>, b: QueueItem<ACC>): number {
  return a.time - b.time || compareKinds(a.kind, b.kind) || a.group.window.start - b.group.window.start || a.group.window.end - b.group.window.end
}

/** How the table learns what it cannot know by itself. */
export interface WindowTableConfig<ACC> {
  /** Whether windows of one key merge: keeps a key → windows index. */
  readonly merging: boolean
  /** When and on which clock a window is cleaned up; `undefined` for never. */
  cleanupOf(window: TimeWindow): { domain: DomainIndex; time: number } | undefined
  /** Estimated bytes of an accumulator in a snapshot. */
  accumulatorBytes(acc: ACC): number
}

/** Windows, entries and timers of an operator, with an incrementally maintained size estimate. */
export class WindowTable<ACC> {
  readonly groups = new Map<string, Group<ACC>>()
  readonly queues: [TimerQueue<QueueItem<ACC>>, TimerQueue<QueueItem<ACC>>] = [new TimerQueue(compareItems), new TimerQueue(compareItems)]
  /** Estimated snapshot bytes of all groups. */
  bytes = 0
  private readonly keyWindows = new Map<Key, Group<ACC>[]>()
  /** The group found last: consecutive elements mostly share a window, and this spares building its id. */
  private last: Group<ACC> | undefined

  constructor(private readonly config: WindowTableConfig<ACC>) {}

  /** Whether the group is still live (queue items of removed groups are stale). */
  isLive(group: Group<ACC>): boolean {
    return group.live
  }

  /** The group of a window, created (with its cleanup scheduled) when missing. */
  group(window: TimeWindow): Group<ACC> {
    const last = this.last
    if (last !== undefined && last.window.start === window.start && last.window.end === window.end && this.isLive(last)) return last
    const id = `${window.start}/${window.end}`
    let group = this.groups.get(id)
    if (group === undefined) {
      group = new Group(id, Object.freeze({ start: window.start, end: window.end }))
      group.bytes = GROUP_BYTES + numberBytes(window.start) + numberBytes(window.end)
      this.bytes += group.bytes
      this.groups.set(id, group)
      const cleanup = this.config.cleanupOf(window)
      if (cleanup !== undefined) this.queues[cleanup.domain].push({ time: cleanup.time, kind: 'cleanup', group })
    }
    this.last = group
    return group
  }

  /** The entry of a key in a group, created empty when missing. */
  entry(group: Group<ACC>, key: Key): Entry<ACC> {
    let entry = group.entries.get(key)
    if (entry === undefined) {
      entry = { acc: undefined, state: undefined, keyBytes: keyBytes(key), accBytes: 0, stateBytes: 0 }
      group.entries.set(key, entry)
      this.bytes += this.entryBytes(entry)
      if (this.config.merging) {
        const windows = this.keyWindows.get(key)
        if (windows === undefined) this.keyWindows.set(key, [group])
        else windows.push(group)
      }
      this.refreshTimerBytes(group)
    }
    return entry
  }

  /** The groups a key has an entry in (kept for merging assigners only). */
  windowsOf(key: Key): readonly Group<ACC>[] {
    return this.keyWindows.get(key) ?? []
  }

  setAccumulator(entry: Entry<ACC>, acc: ACC | undefined): void {
    this.bytes -= this.entryBytes(entry)
    entry.acc = acc
    entry.accBytes = acc === undefined ? 0 : this.config.accumulatorBytes(acc)
    this.bytes += this.entryBytes(entry)
  }

  setState(entry: Entry<ACC>, state: Json | undefined): void {
    this.bytes -= this.entryBytes(entry)
    entry.state = state
    entry.stateBytes = state === undefined ? 0 : jsonBytes(state, 16)
    this.bytes += this.entryBytes(entry)
  }

  /** Removes a key's entry and its timers; the group goes too when it becomes empty. */
  removeEntry(group: Group<ACC>, key: Key): void {
    const entry = group.entries.get(key)
    if (entry === undefined) return
    this.bytes -= this.entryBytes(entry)
    group.entries.delete(key)
    for (const timers of group.timers) {
      for (const [time, keys] of timers) if (keys.delete(key) && keys.size === 0) timers.delete(time)
    }
    if (this.config.merging) {
      const windows = this.keyWindows.get(key)?.filter((other) => other !== group) ?? []
      if (windows.length === 0) this.keyWindows.delete(key)
      else this.keyWindows.set(key, windows)
    }
    if (group.entries.size === 0) this.removeGroup(group)
    else this.refreshTimerBytes(group)
  }

  /** Removes a whole group (its queue items become stale). */
  removeGroup(group: Group<ACC>): void {
    if (!this.isLive(group)) return
    if (this.config.merging) {
      for (const key of [...group.entries.keys()]) {
        const windows = this.keyWindows.get(key)?.filter((other) => other !== group) ?? []
        if (windows.length === 0) this.keyWindows.delete(key)
        else this.keyWindows.set(key, windows)
      }
    }
    for (const entry of group.entries.values()) this.bytes -= this.entryBytes(entry)
    this.bytes -= group.bytes + group.timerBytes
    this.groups.delete(group.id)
    group.live = false
  }

  registerTimer(domain: DomainIndex, group: Group<ACC>, key: Key, time: number): void {
    const timers = group.timers[domain]
    let keys = timers.get(time)
    if (keys === undefined) {
      keys = new Set()
      timers.set(time, keys)
      this.queues[domain].push({ time, kind: 'timers', group })
    } else if (keys.has(key)) {
      return
    }
    keys.add(key)
    this.refreshTimerBytes(group)
  }

  deleteTimer(domain: DomainIndex, group: Group<ACC>, key: Key, time: number): void {
    const timers = group.timers[domain]
    const keys = timers.get(time)
    if (keys === undefined || !keys.delete(key)) return
    if (keys.size === 0) timers.delete(time)
    this.refreshTimerBytes(group)
  }

  /** Removes the timers of a group at `time` and returns their keys in canonical order. */
  takeTimers(domain: DomainIndex, group: Group<ACC>, time: number): Key[] {
    const keys = group.timers[domain].get(time)
    if (keys === undefined) return []
    group.timers[domain].delete(time)
    this.refreshTimerBytes(group)
    return [...keys].sort(compareKeys)
  }

  private entryBytes(entry: Entry<ACC>): number {
    return (
      entry.keyBytes +
      (entry.acc === undefined ? ABSENT_ACCUMULATOR_BYTES : entry.accBytes) +
      (entry.state === undefined ? 0 : entry.stateBytes + STATE_OVERHEAD_BYTES)
    )
  }

  /** Timer bytes depend on how many of the group's entries share a time, so they are recomputed per group. */
  private refreshTimerBytes(group: Group<ACC>): void {
    let total = 0
    for (const timers of group.timers) {
      for (const [time, keys] of timers) total += timerBytes(time, keys.size, group.entries.size)
    }
    this.bytes += total - group.timerBytes
    group.timerBytes = total
  }
}
