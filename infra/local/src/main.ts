/**
 * `npm start`: the local embedded platform. Reads PORT, SDP_DATA_DIR, SDP_WINDOW_SECONDS,
 * SDP_FRESH_CONTAINERS, SDP_DELIVER_TWICE, SDP_FAULTS and SDP_JOBS, starts everything, and shuts down cleanly on
 * SIGINT/SIGTERM.
 */
import { readPlatformEnv } from './config.js'
import { ConfigError } from '@sdp/service-kit'
import { reportingConfigFromEnv } from '@sdp/reporting'
import { MlError, predictionConfigFromEnv, trainingConfigFromEnv } from '@sdp/ml'
import { consoleLogger as logger } from './logger.js'
import { startSdpPlatform } from './sdpPlatform.js'
import { commandLineOrExit } from '../../cli/src/index.js'

const START_COMMAND = {
  name: 'start',
  options: {},
  usage: `Usage: npm start

Starts the local platform: kinesalite, dynalite and s3rver in-process, the stream consumers with
Lambda's tumbling windows, and the HTTP API with the dashboard on http://127.0.0.1:<PORT>/.
GET /health answers 200 once the consumers are attached. Stop with Ctrl-C (SIGINT) or SIGTERM.

  -h, --help                 this text

Environment:
  PORT                       HTTP port; 0 picks a free one                [default 3000]
  SDP_DATA_DIR               data directory (streams, tables, the lake)   [default ./.sdp-data]
  SDP_WINDOW_SECONDS         Lambda tumbling window, 1–900 s              [default 5]
  SDP_FRESH_CONTAINERS       1: a new handler per invocation              [default 0]
  SDP_DELIVER_TWICE          1: every batch invoked twice                 [default 0]
  SDP_JOBS                   job files to run, comma-separated; results at
                             GET /jobs/<name>/results?key=                [default none]
  plus the reporting, training and prediction settings (see their READMEs)

Example:
  PORT=3001 SDP_DATA_DIR=/tmp/sdp SDP_WINDOW_SECONDS=2 npm start
`,
} as const

commandLineOrExit(START_COMMAND, process.argv.slice(2))

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
