import t from 'tap'
import { parseBody } from '../../src/http/parseBody.js'
import { ROUTES, type Route } from '../../src/routes.js'

const single = ROUTES['/click'] as Route
const batch = ROUTES['/events'] as Route

t.test('a single-event route takes one JSON value', async (t) => {
  t.same(parseBody('{"tx_id":"t"}', 'json', single), { ok: true, items: [{ tx_id: 't' }] })
  t.same(parseBody('[1]', 'json', single), { ok: true, items: [[1]] }, 'its shape is judged by validation')
})

t.test('/events takes a JSON array or NDJSON lines, skipping blank lines', async (t) => {
  t.same(parseBody('[{"a":1},{"b":2}]', 'json', batch), { ok: true, items: [{ a: 1 }, { b: 2 }] })
  t.same(parseBody('{"a":1}\r\n\n  \n{"b":2}\n', 'ndjson', batch), { ok: true, items: [{ a: 1 }, { b: 2 }] })
  const notArray = parseBody('{"a":1}', 'json', batch)
  t.equal(notArray.ok ? 0 : notArray.response.statusCode, 400)
})

t.test('a syntax error names the body line and column', async (t) => {
  const result = parseBody('{"a":1}\n\n{"b" 2}', 'ndjson', batch)
  t.equal(result.ok, false)
  if (!result.ok) {
    t.equal(result.response.statusCode, 400)
    t.match(JSON.parse(result.response.body), { error: 'malformed JSON', line: 3, column: 6, message: /at line 3, column 6$/ })
  }
})
