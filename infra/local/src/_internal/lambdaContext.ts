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
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}
