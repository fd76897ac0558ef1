// A tiny CDK app that deploys one custom job onto an existing stream:
//   npx cdk deploy --app "npx tsx examples/cdk-app/app.ts" -c eventStreamArn=arn:aws:kinesis:...:stream/... [-c enhancedFanOut=true]
import { pathToFileURL } from 'node:url'
import { App } from 'aws-cdk-lib'
import { MaxWinPriceStack } from './MaxWinPriceStack.js'

/** Builds the app from its context: `eventStreamArn` (required) and `enhancedFanOut`. */
export function createJobsApp(context: Readonly<Record<string, unknown>> = {}, outdir?: string) {
  const app = new App({ context: { ...context }, ...(outdir ? { outdir } : {}) })
  const eventStreamArn = app.node.tryGetContext('eventStreamArn') as unknown
  if (typeof eventStreamArn !== 'string' || !eventStreamArn.startsWith('arn:')) {
    throw new Error(`context eventStreamArn must be the ARN of the stream to aggregate, got ${JSON.stringify(eventStreamArn)}`)
  }
  const fanOut = app.node.tryGetContext('enhancedFanOut') as unknown
  const stack = new MaxWinPriceStack(app, 'MaxWinPrice', { eventStreamArn, enhancedFanOut: fanOut === true || fanOut === 'true' })
  return { app, stack }
}

// Run as the CDK app (not when a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) createJobsApp().app.synth()
