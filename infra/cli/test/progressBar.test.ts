import t from 'tap'
import { progressBar, type ProgressOutput } from '../src/index.js'

function sink(isTTY: boolean) {
  const written: string[] = []
  const output: ProgressOutput = { isTTY, columns: 100, write: (text) => (written.push(text), true) }
  return { output, written }
}

t.test('on a terminal: one bar redrawn in place, a newline at the end', async (t) => {
  const { output, written } = sink(true)
  const progress = progressBar({ output })
  progress.update(0, 4, '0/4 partitions')
  progress.update(4, 4, '4/4 partitions · parquet_bcns 2026-11-28/05 compacted')
  progress.done()
  const text = written.join('')
  t.match(text, /\[░{30}\] 0% 0\/4 partitions/)
  t.match(text, /\[█{30}\] 100% 4\/4 partitions · parquet_bcns 2026-11-28\/05 compacted/)
  t.equal(written.at(-1), '\n')
  t.equal(text.split('\n').length, 2, 'a single line')
})

t.test('in a log: the text alone on its own lines, no bar and no blank line', async (t) => {
  const { output, written } = sink(false)
  const progress = progressBar({ output, plainEverySeconds: 3600 })
  progress.update(1, 10, 'one')
  progress.update(2, 10, 'two')
  progress.update(10, 20, 'the total grew')
  progress.done()
  progress.done()
  t.equal(written.join(''), 'one\nthe total grew\n', 'the first line, then the last one when done (done twice is harmless)')
})
