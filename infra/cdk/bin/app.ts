// The CDK app: `tsx infra/cdk/bin/app.ts [-c name=value ...]` (npm run synth) writes the template
// to infra/cdk.out/; the CDK CLI runs the same file (infra/cdk/cdk.json). Settings: README.
import { contextArgs } from '../lib/contextArgs.js'
import { createApp } from '../lib/createApp.js'
import { SettingsError } from '../lib/errors.js'

const started = Date.now()
try {
  const { app, stack } = createApp({ context: contextArgs(process.argv.slice(2)) })
  const assembly = app.synth()
  console.error(`synthesized ${stack.stackName} into ${assembly.directory} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
} catch (error) {
  if (!(error instanceof SettingsError)) throw error
  console.error(`${error.name}: ${error.message}`)
  process.exit(1)
}
