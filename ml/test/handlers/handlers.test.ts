import t from 'tap'
import { ConfigError } from '@sdp/stream-runtime'
import { trainHandlerFromEnv } from '../../src/handlers/train.js'
import { predictHandlerFromEnv } from '../../src/handlers/predict-api.js'

t.test('the Lambda entry points read their settings from the environment and name what is missing', async (t) => {
  t.throws(() => trainHandlerFromEnv({ STREAM_NAME: 's' }), new ConfigError('environment variable LAKE_BUCKET is required'))
  t.throws(() => trainHandlerFromEnv({ LAKE_BUCKET: 'b' }), new ConfigError('environment variable STREAM_NAME is required'))
  t.throws(() => predictHandlerFromEnv({}), new ConfigError('environment variable LAKE_BUCKET is required'))
})
