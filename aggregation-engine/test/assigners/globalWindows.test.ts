import t from 'tap'
import { globalWindows } from '../../src/assigners/globalWindows.js'
import { GLOBAL_WINDOW } from '../../src/windows/GlobalWindow.js'

t.test('every element goes to the one global window, whose default trigger never fires', async (t) => {
  const g = globalWindows()
  t.same(g.assign(-1e12), [GLOBAL_WINDOW])
  t.same(g.assign(1e12), [GLOBAL_WINDOW])
  t.equal(g.isMerging, false)
  t.equal(g.defaultTrigger().name, 'never')
})
