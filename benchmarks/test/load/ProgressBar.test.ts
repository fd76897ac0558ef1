import t from 'tap'
import { describe, ProgressBar, type LoadProgress, type ProgressOutput } from '../../src/load/index.js'

const snapshot = (over: Partial<LoadProgress> = {}): LoadProgress => ({
  phase: 'sending',
  elapsedSeconds: 15,
  durationSeconds: 30,
  users: 1000,
  requests: 3000,
  eventsWritten: 30_000,
  errors: 2,
  inFlight: 8,
  queued: 0,
  ...over,
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

t.test('on a terminal the bar redraws one line in place; done() ends it', async (t) => {
  const { output, written } = sink(true)
  const bar = new ProgressBar({ output })
  bar.update(snapshot())
  bar.update(snapshot({ elapsedSeconds: 30 }))
  bar.done()
  const text = written.join('')
  t.match(text, /\[█{15}░{15}\] 50% 15\/30 s · 2,000 ev\/s/, 'half full at half time')
  t.match(text, /\[█{30}\] 100% 30\/30 s/, 'full at the end')
  t.equal(written.at(-1), '\n', 'the summary starts on a fresh line')
  t.notMatch(text.replace(/\n$/, ''), /\n/, 'one line, redrawn')
})

t.test('while verifying the bar stays full', async (t) => {
  const { output, written } = sink(true)
  const bar = new ProgressBar({ output })
  bar.update(snapshot({ phase: 'verifying', differing: 2, elapsedSeconds: 50 }))
  bar.done()
  t.match(written.join(''), /\[█{30}\] 100% verifying reports · 2 campaign\(s\) differ/)
})

t.test('in a log it prints the text alone, the first and the last snapshot', async (t) => {
  const { output, written } = sink(false)
  const bar = new ProgressBar({ output, plainEverySeconds: 3600 })
  bar.update(snapshot())
  bar.update(snapshot({ elapsedSeconds: 16 }))
  bar.done()
  t.same(
    written.join(''),
    '15/30 s · 2,000 ev/s · 30,000 ok · 2 errors · 8 in flight\n16/30 s · 1,875 ev/s · 30,000 ok · 2 errors · 8 in flight\n',
    'plain lines, no control characters, no blank line',
  )
})

t.test('done() before any update writes nothing', async (t) => {
  const { output, written } = sink(true)
  new ProgressBar({ output }).done()
  t.same(written, [])
})
