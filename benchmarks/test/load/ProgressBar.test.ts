import t from 'tap'
import { describe, ProgressBar, type LoadProgress, type ProgressOutput } from '../../src/load/index.js'

const snapshot = (over: Partial<LoadProgress> = {}): LoadProgress => ({
  phase: 'sending', elapsedSeconds: 15, durationSeconds: 30, users: 1000, requests: 3000, eventsWritten: 30_000, errors: 2, inFlight: 8, queued: 0, ...over,
})

function sink(isTTY: boolean) {
  const written: string[] = []
  const output: ProgressOutput = { isTTY, columns: 120, write: (text) => (written.push(text), true) }
  return { output, written }
}

t.test('a snapshot reads as rate, counts and what the run is doing', async (t) => {
  t.equal(describe(snapshot()), '15/30 s · 2,000 ev/s · 30,000 ok · 2 errors · 8 in flight')
  t.match(describe(snapshot({ queued: 1234 })), /· 1,234 queued$/)
  t.match(describe(snapshot({ phase: 'draining' })), /waiting for the last users$/)
  t.equal(describe(snapshot({ phase: 'verifying', differing: 3, elapsedSeconds: 40 })), 'verifying reports · 3 campaign(s) differ · 40 s')
})

t.test('on a terminal the bar redraws one line; done() ends it', async (t) => {
  const { output, written } = sink(true)
  const bar = new ProgressBar({ output })
  bar.update(snapshot())
  bar.update(snapshot({ elapsedSeconds: 30 }))
  bar.done()
  t.equal(written.length, 3)
  t.match(written[0], /^\r\[█+░+\]  50% 15\/30 s/)
  t.match(written[1], /^\r\[█+\] 100% /)
  t.equal(written[2], '\n')
})

t.test('in a log it prints a plain line every few seconds instead', async (t) => {
  const { output, written } = sink(false)
  const bar = new ProgressBar({ output, plainEverySeconds: 3600 })
  bar.update(snapshot())
  bar.update(snapshot({ elapsedSeconds: 16 }))
  bar.done()
  t.same(written, ['15/30 s · 2,000 ev/s · 30,000 ok · 2 errors · 8 in flight\n'], 'one line, no control characters, nothing on done')
})
