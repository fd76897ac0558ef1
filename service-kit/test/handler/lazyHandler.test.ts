import t from 'tap'
import { ConfigError, createLogger, lazyHandler, readEnv, string, type LogRecord } from '../../src/index.js'

t.test('builds on the first invocation, once', async (t) => {
  let builds = 0
  const handler = lazyHandler(
    () => {
      builds++
      return async (n: number) => n * 2
    },
    createLogger({ serviceName: 't', sink: () => {} }),
  )
  t.equal(builds, 0, 'nothing is read at import')
  t.equal(await handler(2), 4)
  t.equal(await handler(3), 6)
  t.equal(builds, 1)
})

t.test('a ConfigError fails every invocation and is logged once', async (t) => {
  const lines: LogRecord[] = []
  let builds = 0
  const handler = lazyHandler(
    () => {
      builds++
      return readEnv({}, { s: string('STREAM_NAME') }) && (async () => 1)
    },
    createLogger({ serviceName: 't', sink: (l) => lines.push(l) }),
  )
  await t.rejects(handler(), ConfigError)
  await t.rejects(handler(), { message: 'STREAM_NAME is required' })
  t.equal(builds, 1)
  t.match(lines, [{ level: 'ERROR', message: 'the handler could not be configured', error: { name: 'ConfigError', message: 'STREAM_NAME is required' } }])
})
