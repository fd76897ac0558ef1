/** Fixed values of the local embedded platform. */

/** The AWS region every local client and ARN uses. */
export const LOCAL_REGION = 'us-east-1'

/**
 * The dummy static credentials of every local client. kinesalite and dynalite ignore them
 * s3rver verifies signatures against its one built-in key pair, which is this one.
 */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
} as const

/** The interface every local server binds to, so nothing is reachable from other machines. */
export const LOCAL_HOST = '127.0.0.1'

/** Defaults of the local platform (`npm start`). */
export const PLATFORM_DEFAULTS = {
  port: 3000,
  dataDir: './.sdp-data',
  windowSeconds: 5,
  streamName: 'sdp-events',
  shardCount: 2,
  heartbeatIntervalMs: 1_000,
} as const

/**
 * How long kinesalite/dynalite keep a resource in CREATING/UPDATING/DELETING. AWS takes
 * seconds; locally a short pause keeps the state machine honest without slowing tests.
 */
export const LOCAL_RESOURCE_TRANSITION_MS = 50
