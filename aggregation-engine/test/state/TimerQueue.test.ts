import t from 'tap'
import fc from 'fast-check'
import { TimerQueue } from '../../src/state/TimerQueue.js'

t.test('pops every pushed item in order, whatever the order of pushes and pops', async () => {
  const op = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant('pop' as const))
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const queue = new TimerQueue<number>((a, b) => a - b)
      const reference: number[] = []
      for (const o of ops) {
        if (o === 'pop') {
          reference.sort((a, b) => a - b)
          if (queue.pop() !== reference.shift()) return false
        } else {
          queue.push(o)
          reference.push(o)
        }
        const least = reference.length > 0 ? Math.min(...reference) : undefined
        if (queue.size !== reference.length || queue.peek() !== least) return false
      }
      return true
    }),
  )
})
