/**
 * `npm start`: the local embedded platform. Reads PORT, SDP_DATA_DIR, SDP_WINDOW_SECONDS,
 * SDP_FRESH_CONTAINERS, SDP_DELIVER_TWICE and SDP_FAULTS, starts everything, and shuts down cleanly on
 * SIGINT/SIGTERM.
 */
import { readPlatformEnv } from './config.js'
import { ConfigError } from '@sdp/service-kit'
import { reportingConfigFromEnv } from '@sdp/reporting'
import { MlError, predictionConfigFromEnv, trainingConfigFromEnv } from '@sdp/ml'
import { consoleLogger as logger } from './logger.js'
import { startSdpPlatform } from './sdpPlatform.js'

let config
let settings
try {
  config = readPlatformEnv(process.env)
  settings = {
    reporting: reportingConfigFromEnv(process.env),
    training: trainingConfigFromEnv(process.env),
    prediction: predictionConfigFromEnv(process.env),
  }
} catch (error) {
  if (!(error instanceof ConfigError) && !(error instanceof MlError)) throw error
  console.error(`sdp: ${error.message}`)
  process.exit(1)
}

let platform
try {
  platform = await startSdpPlatform({
    ...config,
    ...settings,
    logger,
    // A dead services or consumer thread has already closed the platform: say so and exit.
    onFatal: (error) => {
      console.error(`sdp: the local platform stopped: ${error.message}`)
      process.exit(1)
    },
  })
} catch (error) {
  if (error instanceof ConfigError) console.error(`sdp: ${error.message}`)
  else console.error('sdp: the local platform could not start:', error)
  process.exit(1)
}
const { endpoints, s3Directory } = platform.services
logger.info(`local platform listening on ${platform.url} (dashboard: ${platform.url}/, health: ${platform.url}/health)`)
logger.info(`data directory ${platform.dataDir} (S3 objects under ${s3Directory})`)
logger.info(`stream ${platform.streamName}; Lambda tumbling window ${config.windowSeconds} s`, {
  freshContainers: config.freshContainers,
  deliverTwice: config.deliverTwice,
  consumers: platform.mappings.map((m) => m.name),
})
logger.info('local AWS endpoints', { ...endpoints })
if (platform.faults) logger.warn(`injecting AWS faults at these endpoints: SDP_FAULTS=${platform.faults.description} (counts under /health)`)
const readyWatch = setInterval(() => {
  if (!platform.ready) return
  clearInterval(readyWatch)
  logger.info('stream consumers attached: /health answers 200')
}, 100)

let shuttingDown = false
const shutdown = (signal: string): void => {
  if (shuttingDown) {
    logger.warn(`${signal} again: exiting without waiting`)
    process.exit(1)
  }
  shuttingDown = true
  clearInterval(readyWatch)
  logger.info(`${signal} received: stopping consumers, heartbeats, HTTP server and services`)
  platform.close().then(
    () => {
      logger.info('stopped cleanly')
      process.exit(0)
    },
    (error: unknown) => {
      logger.error('shutdown failed', { error })
      process.exit(1)
    },
  )
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))
