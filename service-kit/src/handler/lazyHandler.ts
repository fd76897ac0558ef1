import type { Logger } from '../logging/createLogger.js'

/**
 * The Lambda entry point of a handler built from the environment. The build runs on the first
 * invocation, not at import, so a bad setting fails invocations with its `ConfigError` (naming
 * every variable to fix) instead of failing the module load with a bare init error. A failed
 * build is logged once and rethrown on every invocation: the environment of a container does not
 * change, so building again could only fail again.
 *
 * @example
 * export function ingestHandlerFromEnv(env = process.env) { ... }
 * export const handler = lazyHandler(() => ingestHandlerFromEnv(), logger)
 */
export function lazyHandler<A extends unknown[], R>(build: () => (...args: A) => Promise<R>, logger: Pick<Logger, 'error'>): (...args: A) => Promise<R> {
  let built: ((...args: A) => Promise<R>) | undefined
  let failure: { readonly error: unknown } | undefined
  return async (...args: A): Promise<R> => {
    if (failure) throw failure.error
    if (!built) {
      try {
        built = build()
      } catch (error) {
        failure = { error }
        logger.error('the handler could not be configured', error as Error)
        throw error
      }
    }
    return built(...args)
  }
}
