import t from 'tap'
import { ConfigError } from '@sdp/service-kit'
import { trainingWindowHandlerFromEnv } from '../../src/handlers/train.js'
import { predictHandlerFromEnv } from '../../src/handlers/predict-api.js'

t.test('handlers built from the environment name every missing or bad setting at once', async (t) => {
  t.throws(() => trainingWindowHandlerFromEnv({ STREAM_NAME: 's' }), new ConfigError('LAKE_BUCKET is required'))
  t.throws(() => trainingWindowHandlerFromEnv({ LAKE_BUCKET: 'b' }), new ConfigError('STREAM_NAME is required'))
  t.throws(() => trainingWindowHandlerFromEnv({ FTRL_ALPHA: '0' }), {
    message: '3 settings are wrong: LAKE_BUCKET is required; STREAM_NAME is required; FTRL_ALPHA must be a number > 0, got "0"',
  })
  t.throws(() => predictHandlerFromEnv({ PREDICTION_THRESHOLD: '2' }), {
    name: 'ConfigError',
    message: '2 settings are wrong: LAKE_BUCKET is required; PREDICTION_THRESHOLD must be a number from 0 to 1, got "2"',
  })
})
