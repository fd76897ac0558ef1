export { startLocalServices, type LocalServices, type LocalServicesOptions } from './localServices.js'
export { createLocalClients, type LocalClients, type LocalServiceClients, type LocalServiceEndpoints } from './localClients.js'
export { ConsumerThread, type ConsumerModule } from './ConsumerThread.js'
export { ensureResources, type ResourceClients, type ResourceSpec } from './ensureResources.js'
export {
  EventSourceMapping,
  ESM_DEFAULTS,
  ESM_LIMITS,
  windowContaining,
  windowToIso,
  type BatchItemFailure,
  type Clock,
  type EventSourceMappingCounters,
  type EventSourceMappingOptions,
  type EventSourceMappingView,
  type KinesisTumblingWindowEvent,
  type ShardCheckpoint,
  type TumblingWindow,
  type WindowHandler,
  type WindowHandlerFactory,
  type WindowHandlerResponse,
  type WindowState,
} from './eventSourceMapping/index.js'
export { startHttpServer, type ApiGatewayHandler, type HttpMethod, type HttpServerOptions, type LocalHttpServer, type RouteDefinition } from './httpServer.js'
export { toApiGatewayEvent, type ProxyRequest } from './apiGatewayEvent.js'
export type { EventStream, EventStreamRouteDefinition, ServerSentEvent } from './eventStream.js'
export { ENDPOINTS_FILE, readPlatformEndpoints, type PlatformEndpoints } from './platformEndpoints.js'
export {
  startLocalPlatform,
  type PlatformRoute,
  type ConsumerDefinition,
  type LocalPlatform,
  type LocalPlatformConfig,
  type LocalPlatformContext,
} from './localPlatform.js'
export { readPlatformEnv, PLATFORM_SETTINGS, type PlatformEnvConfig } from './config.js'
export { LOCAL_CREDENTIALS, LOCAL_HOST, LOCAL_REGION, PLATFORM_DEFAULTS } from './constants.js'
export { consoleLogger, silentLogger, type LogFields, type Logger } from './logger.js'
export {
  CheckpointError,
  ConfigError,
  EventSourceMappingOptionsError,
  LocalPlatformError,
  ResourceNotReadyError,
  RouteDefinitionError,
  ThreadCrashedError,
} from './errors.js'
export { startSdpPlatform, SDP_RESOURCES, type SdpPlatformConfig } from './sdpPlatform.js'
export {
  parseFaultSpec,
  readFaultSpec,
  formatFaultSpec,
  faultsOf,
  FaultProxyThread,
  FAULT_SERVICES,
  type FaultCounts,
  type FaultKind,
  type FaultService,
  type FaultSpec,
} from './faults/index.js'
