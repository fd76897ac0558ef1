export { EventSourceMapping } from './EventSourceMapping.js'
export { windowContaining, windowToIso, type TumblingWindow } from './TumblingWindow.js'
export { ESM_DEFAULTS, ESM_LIMITS } from './constants.js'
export type {
  BatchItemFailure,
  Clock,
  EventSourceMappingCounters,
  EventSourceMappingOptions,
  EventSourceMappingView,
  KinesisTumblingWindowEvent,
  ShardCheckpoint,
  WindowHandler,
  WindowHandlerFactory,
  WindowHandlerResponse,
  WindowState,
} from './types.js'
