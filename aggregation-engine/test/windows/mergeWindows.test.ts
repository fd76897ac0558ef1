import fc from 'fast-check'
import t from 'tap'
import type { TimeWindow } from '../../src/types.js'
import { mergeWindows } from '../../src/windows/mergeWindows.js'

t.test('overlapping and touching windows merge into their cover; others stay apart', async (t) => {
  const merges = mergeWindows([
    { start: 20, end: 25 },
    { start: 5, end: 9 },
    { start: 0, end: 5 },
    { start: 7, end: 12 },
    { start: 13, end: 14 },
  ])
  t.same(
    merges.map((m) => m.window),
    [
      { start: 0, end: 12 },
      { start: 13, end: 14 },
      { start: 20, end: 25 },
    ],
  )
  t.equal(merges[0]?.members.length, 3)
  t.same(merges[2]?.members, [{ start: 20, end: 25 }])
  t.same(mergeWindows([]), [])
})

t.test('merged windows never intersect and cover exactly the union of their members', async () => {
  const window = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 10 })).map(([s, len]): TimeWindow => ({ start: s, end: s + len }))
  fc.assert(
    fc.property(fc.array(window, { maxLength: 20 }), (windows) => {
      const merges = mergeWindows(windows)
      const members = merges.flatMap((m) => m.members)
      if (members.length !== windows.length) return false
      for (let i = 1; i < merges.length; i++) {
        const prev = merges[i - 1]!.window
        const cur = merges[i]!.window
        if (!(prev.end < cur.start)) return false // apart: neither overlapping nor touching
      }
      // every timestamp covered by a merged window is covered by a member (no gaps inside a merge) and vice versa
      for (const m of merges) {
        for (let ts = m.window.start; ts < m.window.end; ts++) {
          const covered = m.members.some((w) => w.start <= ts && ts < w.end)
          const touchPoint = m.members.some((w) => w.end === ts) && m.members.some((w) => w.start === ts)
          if (!covered && !touchPoint) return false
        }
        if (Math.min(...m.members.map((w) => w.start)) !== m.window.start) return false
        if (Math.max(...m.members.map((w) => w.end)) !== m.window.end) return false
      }
      return true
    }),
    { numRuns: 200 },
  )
})
