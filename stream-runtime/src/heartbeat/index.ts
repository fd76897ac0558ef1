export { HEARTBEAT } from './constants.js'
export { HeartbeatError, HeartbeatOptionsError, HeartbeatWriteError } from './errors.js'
export { startHeartbeatTicker } from './startHeartbeatTicker.js'
export { writeHeartbeats } from './writeHeartbeats.js'
export type {
  HeartbeatRecord,
  HeartbeatTick,
  HeartbeatTicker,
  HeartbeatTickerOptions,
  WriteHeartbeatsOptions,
} from './types.js'
