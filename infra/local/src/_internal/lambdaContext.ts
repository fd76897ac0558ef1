import { randomUUID } from 'node:crypto'
import type { Context } from 'aws-lambda'

/** Lambda's maximum timeout; the local platform does not enforce it, it only reports time left. */
const TIMEOUT_MS = 900_000

/** A Lambda `Context` for one local invocation of `functionName`. */
export function lambdaContext(functionName: string, functionArn: string): Context {
  const deadline = Date.now() + TIMEOUT_MS
  const requestId = randomUUID()
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // the callback-era members are still part of the Context type a handler receives
    /* eslint-disable @typescript-eslint/no-deprecated -- kept until the Context type drops them */
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    /* eslint-enable @typescript-eslint/no-deprecated */
  }
}
