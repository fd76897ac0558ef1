import { getPriority } from 'node:os'
import t from 'tap'
import { startWorker } from '../../src/_internal/startWorker.js'

const PROBE = new URL('../_support/niceProbe.ts', import.meta.url)

t.test('lowers the priority of the calling thread only, and never raises it', async (t) => {
  const before = getPriority()
  const worker = startWorker(PROBE, 7)
  const reported = await new Promise<{ nice?: number; again?: number }>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  await worker.terminate()
  if (process.platform !== 'linux') {
    t.equal(reported.nice, undefined, 'nothing changes off Linux')
    return
  }
  const expected = Math.max(before, 7)
  t.equal(reported.nice, expected, 'the worker thread runs at nice 7 (or lower, if the process already did)')
  t.equal(reported.again, expected, 'asking for a higher priority leaves it as it was')
  t.equal(getPriority(), before, 'the process and its main thread keep their priority')
})
