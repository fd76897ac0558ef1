import t from 'tap'
import { createLogger, createTelemetry, reportCounts, silentTelemetry, type LogRecord } from '../../src/index.js'

t.test('a sink receives each line as the JSON object Lambda would print', async (t) => {
  const lines: LogRecord[] = []
  const logger = createLogger({ serviceName: 'ingest', sink: (line) => lines.push(line) })
  logger.warn('stream throttled', { stream: 'sdp-events', notWritten: [1, 2] })
  logger.error('boom', new Error('down'))
  t.equal(lines.length, 2)
  t.match(lines[0], { level: 'WARN', message: 'stream throttled', service: 'ingest', stream: 'sdp-events', notWritten: [1, 2] })
  t.type(lines[0]?.timestamp, 'string')
  t.match(lines[1], { level: 'ERROR', message: 'boom', error: { name: 'Error', message: 'down' } })
})

t.test('the level filters lines; children keep the sink', async (t) => {
  const lines: LogRecord[] = []
  const logger = createLogger({ serviceName: 'x', sink: (line) => lines.push(line), logLevel: 'WARN' })
  logger.info('dropped')
  logger.createChild({ persistentKeys: { shardId: 's-1' } }).warn('kept')
  t.same(
    lines.map((l) => [l.message, l.shardId]),
    [['kept', 's-1']],
  )
})

t.test('reportCounts logs one line and publishes each count as an EMF metric', async (t) => {
  const lines: LogRecord[] = []
  const blobs: unknown[] = []
  const telemetry = createTelemetry({ serviceName: 'reporting', logSink: (l) => lines.push(l), metricSink: (emf) => blobs.push(emf) })
  reportCounts(telemetry, 'window', { shardId: 'shardId-0' }, { records: 12, deadLetters: 1 })
  t.match(lines, [{ message: 'window', shardId: 'shardId-0', records: 12, deadLetters: 1, service: 'reporting' }])
  t.equal(blobs.length, 1)
  const emf = blobs[0] as { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] }; records: number; service: string }
  t.equal(emf._aws.CloudWatchMetrics[0]?.Namespace, 'sdp')
  t.same(
    emf._aws.CloudWatchMetrics[0]?.Metrics.map((m) => [m.Name, m.Unit]),
    [
      ['records', 'Count'],
      ['deadLetters', 'Count'],
    ],
  )
  t.equal(emf.records, 12)
  t.equal(emf.service, 'reporting')
})

t.test('silent telemetry drops everything', async (t) => {
  const telemetry = silentTelemetry()
  t.doesNotThrow(() => reportCounts(telemetry, 'window', {}, { records: 1 }))
})
