import t from 'tap'
import fc from 'fast-check'
import { eventIdentity } from '../../src/events/eventIdentity.js'
import { STREAM_EVENT_TYPES } from '../../src/constants.js'
import { txId } from '../_helpers/arbitraries.js'

t.test('is type:tx_id', async (t) => {
  t.equal(eventIdentity({ type: 'imp', tx_id: '44db4cf3' }), 'imp:44db4cf3')
})

t.test('two events share an identity exactly when they share type and tx_id', async () => {
  const event = fc.record({ type: fc.constantFrom(...STREAM_EVENT_TYPES), tx_id: txId })
  fc.assert(fc.property(event, event, (a, b) => (eventIdentity(a) === eventIdentity(b)) === (a.type === b.type && a.tx_id === b.tx_id)))
})
