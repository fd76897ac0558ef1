import t from 'tap'
import { GLOBAL_WINDOW, isGlobalWindow } from '../../src/windows/GlobalWindow.js'

t.test('the global window spans all of time with JSON-safe bounds', async (t) => {
  t.equal(GLOBAL_WINDOW.start, Number.MIN_SAFE_INTEGER)
  t.equal(GLOBAL_WINDOW.end, Number.MAX_SAFE_INTEGER)
  t.same(JSON.parse(JSON.stringify(GLOBAL_WINDOW)), GLOBAL_WINDOW)
  t.ok(isGlobalWindow(GLOBAL_WINDOW))
  t.notOk(isGlobalWindow({ start: 0, end: 10 }))
  t.ok(Object.isFrozen(GLOBAL_WINDOW))
})
