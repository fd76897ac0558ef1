// A brute-force model of Flink's event-time session windows with EventTimeTrigger, allowed
// lateness and a late side output, written from the rules rather than from the operator.

export type OracleItem = { kind: 'event'; id: number; key: string; ts: number } | { kind: 'heartbeat'; ts: number }

export interface OracleFiring {
  key: string
  start: number
  end: number
  ids: number[]
  firing: 'on-time' | 'late'
}

interface Session {
  start: number
  end: number
  ids: number[]
  /** An event-time timer at `end - 1` is pending (registered while the watermark was below it). */
  timer: boolean
}

/**
 * Flink's rules, one item at a time, watermark = max timestamp − bound − 1 after each item:
 * - an element opens `[ts, ts + gap)`, which merges with every session of its key it overlaps or
 *   touches into their cover (a merged window contains a live session, so it is never late);
 * - a window that merges with nothing is late when `end − 1 + lateness <= watermark`: the element
 *   goes to the late output;
 * - after the element is added, the trigger fires at once (a late firing) when `end − 1 <=
 *   watermark`, else a timer at `end − 1` fires it on time when the watermark gets there;
 * - a session is dropped once the watermark reaches `end − 1 + lateness`.
 */
export function sessionOracle(items: readonly OracleItem[], gap: number, bound: number, lateness: number): { firings: OracleFiring[]; late: number[] } {
  let wm = Number.MIN_SAFE_INTEGER
  const sessions = new Map<string, Session[]>()
  const firings: OracleFiring[] = []
  const late: number[] = []
  const fire = (key: string, s: Session, firing: 'on-time' | 'late') =>
    firings.push({ key, start: s.start, end: s.end, ids: [...s.ids].sort((a, b) => a - b), firing })
  for (const item of items) {
    if (item.kind === 'event') {
      const list = sessions.get(item.key) ?? []
      const start = item.ts
      const end = item.ts + gap
      const touching = list.filter((s) => s.start <= end && s.end >= start)
      if (touching.length === 0 && end - 1 + lateness <= wm) {
        late.push(item.id)
      } else {
        const merged: Session = {
          start: Math.min(start, ...touching.map((s) => s.start)),
          end: Math.max(end, ...touching.map((s) => s.end)),
          ids: [...touching.flatMap((s) => s.ids), item.id],
          timer: false,
        }
        sessions.set(item.key, [...list.filter((s) => !touching.includes(s)), merged])
        if (merged.end - 1 <= wm) fire(item.key, merged, 'late')
        else merged.timer = true
      }
    }
    wm = Math.max(wm, item.ts - bound - 1)
    for (const [key, list] of sessions) {
      for (const s of list) {
        if (s.timer && s.end - 1 <= wm) {
          s.timer = false
          fire(key, s, 'on-time')
        }
      }
      sessions.set(
        key,
        list.filter((s) => s.end - 1 + lateness > wm),
      )
    }
  }
  return { firings, late }
}
