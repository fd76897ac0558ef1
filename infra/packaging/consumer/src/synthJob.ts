// A user's CDK app: the job above deployed onto an existing stream with @sdp/cdk-constructs, bundled
// by the project's esbuild; then the bundle's two stages are loaded and invoked as Lambda would, without settings.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { App, Stack } from 'aws-cdk-lib'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { HandlerCode, StreamAggregation } from '@sdp/cdk-constructs'

const outdir = process.argv[2] ?? 'cdk.out'
const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } })
const stack = new Stack(app, 'Clicks')
new StreamAggregation(stack, 'Clicks', {
  name: 'clicks-per-campaign',
  code: HandlerCode.fromJobFile(fileURLToPath(new URL('./clicksJob.js', import.meta.url))),
  stream: kinesis.Stream.fromStreamArn(stack, 'Events', 'arn:aws:kinesis:eu-west-1:123456789012:stream/events'),
  windowSeconds: 120,
  enhancedFanOut: true,
})
app.synth()

const template = JSON.parse(readFileSync(join(outdir, 'Clicks.template.json'), 'utf8')) as {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }>
}
const resources = Object.values(template.Resources)
const fn = resources.find((r) => r.Type === 'AWS::Lambda::Function')
const bundle = join(outdir, String(fn?.Metadata?.['aws:asset:path']), 'index.mjs')
type Handler = (event: unknown) => Promise<unknown>
const stages = (await import(pathToFileURL(bundle).href)) as { handler: Handler; mergeHandler: Handler }
const invoke = (handler: Handler) =>
  handler({ Records: [] }).then(
    () => 'answered',
    (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
  )
const invoked = await invoke(stages.handler)
const mergeInvoked = await invoke(stages.mergeHandler)
process.stdout.write(`${JSON.stringify({ types: resources.map((r) => r.Type).sort(), resources, invoked, mergeInvoked })}\n`)
