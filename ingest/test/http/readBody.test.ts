import t from 'tap'
import { bodyFormat, header } from '../../src/http/readBody.js'
import { ROUTES, type Route } from '../../src/routes.js'

const single = ROUTES['/bid'] as Route
const batch = ROUTES['/events'] as Route

t.test('takes JSON everywhere and NDJSON on /events only, in UTF-8', async (t) => {
  t.equal(bodyFormat('application/json', single), 'json')
  t.equal(bodyFormat('Application/JSON; charset=UTF-8', single), 'json')
  t.equal(bodyFormat('application/json;charset="utf-8"', batch), 'json')
  t.equal(bodyFormat('application/x-ndjson', batch), 'ndjson')
  t.equal(bodyFormat('application/x-ndjson', single), undefined)
  t.equal(bodyFormat('application/json; charset=iso-8859-1', single), undefined)
  t.equal(bodyFormat('text/plain', single), undefined)
  t.equal(bodyFormat('application/x-www-form-urlencoded', single), undefined, "curl's default without -H")
  t.equal(bodyFormat(undefined, single), undefined)
})

t.test('finds a header whatever the case of its name', async (t) => {
  t.equal(header({ headers: { 'Content-Type': 'a' }, multiValueHeaders: {} }, 'content-type'), 'a')
  t.equal(header({ headers: {}, multiValueHeaders: { 'CONTENT-TYPE': ['b'] } }, 'content-type'), 'b')
  t.equal(header({ headers: null as never, multiValueHeaders: null as never }, 'content-type'), undefined)
})
