import t from 'tap'
import { findRoute } from '../src/routes.js'

t.test('maps each path to its event type, or to the batch route', async (t) => {
  t.same(findRoute('/bid', '/bid'), { path: '/bid', route: { kind: 'single', type: 'bid' } })
  t.same(findRoute('/impression', undefined)?.route, { kind: 'single', type: 'imp' })
  t.same(findRoute('/click/', undefined)?.route, { kind: 'single', type: 'click' }, 'one trailing slash is ignored')
  t.same(findRoute('/events', undefined)?.route, { kind: 'batch' })
})

t.test('falls back on the API Gateway resource, and knows nothing else', async (t) => {
  t.same(findRoute('/prod/bid', '/bid')?.path, '/bid')
  t.equal(findRoute('/bids', '/{proxy+}'), undefined)
  t.equal(findRoute('/constructor', undefined), undefined)
  t.equal(findRoute(undefined, undefined), undefined)
})
