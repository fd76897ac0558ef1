import t from 'tap'
import { answeringUnavailable, createLogger, isInfrastructureError, unavailable, type LogRecord } from '../../src/index.js'

t.test('unavailable: 503, JSON body, retry-after', async (t) => {
  const r = unavailable('the stream', { retryAfterSeconds: 2, details: { notWritten: [0] } })
  t.equal(r.statusCode, 503)
  t.same(r.headers, { 'content-type': 'application/json', 'retry-after': '2' })
  t.same(JSON.parse(r.body), { error: 'unavailable', message: 'the stream is unavailable; retry after 2 s', notWritten: [0] })
})

t.test('isInfrastructureError: SDK faults, timeouts and connection failures, not bugs', async (t) => {
  t.ok(isInfrastructureError(Object.assign(new Error('x'), { $metadata: {} })))
  t.ok(isInfrastructureError(Object.assign(new Error('x'), { $fault: 'server' })))
  t.ok(isInfrastructureError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })))
  t.ok(isInfrastructureError(new Error('wrapped', { cause: Object.assign(new Error('t'), { name: 'TimeoutError' }) })))
  t.notOk(isInfrastructureError(new TypeError('undefined is not a function')))
  t.notOk(isInfrastructureError('string'))
})

t.test('answeringUnavailable: infrastructure failures answer 503 and are logged; bugs still throw', async (t) => {
  const lines: LogRecord[] = []
  const logger = createLogger({ serviceName: 'reports', sink: (l) => lines.push(l) })
  const api = answeringUnavailable(
    async (kind: string) => {
      if (kind === 'down') throw Object.assign(new Error('ResourceNotFoundException'), { $fault: 'client', $metadata: {} })
      if (kind === 'bug') throw new TypeError('oops')
      return { statusCode: 200, headers: {}, body: '{}' }
    },
    { logger, what: 'the results table' },
  )
  t.equal((await api('ok')).statusCode, 200)
  const down = await api('down')
  t.equal(down.statusCode, 503)
  t.same(JSON.parse(down.body), { error: 'unavailable', message: 'the results table is unavailable; retry after 1 s' })
  t.match(lines, [{ level: 'ERROR', message: 'the results table is unavailable', error: { message: 'ResourceNotFoundException' } }])
  await t.rejects(api('bug'), TypeError)
})
