/** Where {@link logSdkRetries} writes: a Powertools logger or anything with the same `warn`. */
export interface RetryLogger {
  warn(message: string, fields: Record<string, unknown>): void
}

/** The part of an AWS SDK v3 client the middleware needs (every client has it). */
export interface MiddlewareClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each client's stack is typed by its own input and output; any client must fit
  readonly middlewareStack: { add(middleware: any, options: { step: 'initialize'; name: string; override?: boolean }): void }
}

/** What one retried AWS call logs (and hands to `onRetried`). */
export interface RetriedCall {
  /** The client's service, e.g. `S3`, `Kinesis`, `DynamoDB`. */
  readonly awsService: string
  readonly operation: string
  /** Requests the SDK sent for the call, the first included. */
  readonly attempts: number
  readonly outcome: 'succeeded' | 'failed'
  /** The error the call failed with in the end (`outcome: 'failed'`). */
  readonly error?: string
}

interface Metadata {
  $metadata?: { attempts?: number }
}

/**
 * Logs one WARN line, `AWS call retried`, for every call of `client` the SDK had to send more than
 * once (throttling, a 5xx, a reset connection), with the service, the operation, the attempts and
 * whether it succeeded in the end. The SDK's own retry middleware counts the attempts
 * (`$metadata.attempts`); this reads them once the call is done, so it changes nothing of the call.
 *
 * @example
 * const s3 = new S3Client({})
 * logSdkRetries(s3, telemetry.logger)
 */
export function logSdkRetries<C extends MiddlewareClient>(client: C, logger: RetryLogger, onRetried?: (call: RetriedCall) => void): C {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ output?: Metadata }>, context: { clientName?: string; commandName?: string }) => async (args: unknown) => {
      const awsService = (context.clientName ?? 'unknown').replace(/Client$/, '')
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '')
      const report = (attempts: number | undefined, outcome: RetriedCall['outcome'], error?: unknown) => {
        if (attempts === undefined || attempts < 2) return
        const call: RetriedCall = {
          awsService,
          operation,
          attempts,
          outcome,
          ...(error === undefined ? {} : { error: error instanceof Error ? error.name : typeof error === 'string' ? error : 'unknown' }),
        }
        logger.warn('AWS call retried', { ...call })
        onRetried?.(call)
      }
      try {
        const result = await next(args)
        report(result.output?.$metadata?.attempts, 'succeeded')
        return result
      } catch (error) {
        report((error as Metadata | undefined)?.$metadata?.attempts, 'failed', error)
        throw error
      }
    },
    { step: 'initialize', name: 'sdpLogSdkRetries', override: true },
  )
  return client
}
