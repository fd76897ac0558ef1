// The CDK app: `tsx infra/cdk/bin/app.ts [-c name=value ...]` (npm run synth) writes the template
// to infra/cdk.out/; the CDK CLI runs the same file (infra/cdk/cdk.json). Settings: README.
import { runCommand, UsageError } from '../../cli/src/index.js'
import { contextArgs } from '../lib/contextArgs.js'
import { createApp } from '../lib/createApp.js'
import { SettingsError } from '../lib/errors.js'

const SYNTH_COMMAND = {
  name: 'synth',
  options: { context: { type: 'string', short: 'c', multiple: true } },
  usage: `Usage: npm run synth [-- -c name=value ...]

Synthesizes the CloudFormation template of the stack into infra/cdk.out/ (the CDK CLI's
\`cdk synth\` runs the same app). cdk-nag's AwsSolutions checks run as part of synthesis.

  -c, --context name=value   a stack setting, as with the CDK CLI; repeatable. Among them:
                               stageName               API Gateway stage       [default prod]
                               streamMode              on-demand|provisioned   [default on-demand]
                               windowSeconds           Lambda tumbling window  [default 600]
                               aggregationPeriodSeconds                        [default 60]
                             every setting with its default and rule: infra/cdk/README.md
  -h, --help                 this text

Environment:
  CDK_OUTDIR                 where the cloud assembly goes (set by the CDK CLI)  [default infra/cdk.out/]

Exit codes: 0 synthesized, 2 bad arguments or a bad setting.

Example:
  npm run synth -- -c stageName=dev -c windowSeconds=120
`,
} as const

process.exitCode = await runCommand(SYNTH_COMMAND, process.argv.slice(2), () => {
  const started = Date.now()
  try {
    const { app, stack } = createApp({ context: contextArgs(process.argv.slice(2)) })
    const assembly = app.synth()
    console.error(`synthesized ${stack.stackName} into ${assembly.directory} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error
    throw new UsageError(error.message)
  }
})
