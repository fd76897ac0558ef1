import t from 'tap'
import { readIngestConfig } from '../src/readIngestConfig.js'
import { ConfigError } from '@sdp/service-kit'

t.test('reads STREAM_NAME and MAX_BODY_BYTES, with the default size', async (t) => {
  t.same(readIngestConfig({ STREAM_NAME: 'events' }), { streamName: 'events', maxBodyBytes: 1_048_576 })
  t.same(readIngestConfig({ STREAM_NAME: 'events', MAX_BODY_BYTES: '2048' }), { streamName: 'events', maxBodyBytes: 2048 })
})

t.test('names the variable that is missing or bad', async (t) => {
  t.throws(() => readIngestConfig({}), new ConfigError('STREAM_NAME is required (set it to the name of the Kinesis stream ingest writes to)'))
  t.throws(() => readIngestConfig({ STREAM_NAME: ' ' }), ConfigError)
  for (const value of ['0', '-1', '1.5', 'lots']) {
    t.throws(() => readIngestConfig({ STREAM_NAME: 's', MAX_BODY_BYTES: value }), { name: 'ConfigError', message: /MAX_BODY_BYTES/ }, value)
  }
})
