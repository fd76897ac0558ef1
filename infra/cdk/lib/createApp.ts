import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { DEFAULT_OUTDIR, STACK_NAME } from './constants.js'
import { readSettings, type StackSettings } from './settings.js'
import { StreamingDataPlatformStack } from './StreamingDataPlatformStack.js'

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** Context values (settings); the CDK CLI's `-c` values arrive through the environment instead. @default {} */
  readonly context?: Readonly<Record<string, unknown>>
  /** @default `CDK_OUTDIR` (set by the CDK CLI), else `infra/cdk.out/` */
  readonly outdir?: string
}

/**
 * Feature flags the stack is written for. They are set here, not in a `cdk.json`, so that
 * `npm run synth` and `cdk deploy` build the same template.
 */
export const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
} as const

/**
 * Builds the CDK app: reads and validates the settings from context, adds the one stack, and
 * registers cdk-nag's AwsSolutions pack as a validation plugin (cdk-nag 3), so synthesis fails on
 * any finding that is not acknowledged with a reason in code.
 *
 * @throws SettingsError for a bad context value
 * @example
 * const { app } = createApp({ context: { windowSeconds: 120 } })
 * app.synth()
 */
export function createApp(options: CreateAppOptions = {}): {
  app: App
  stack: StreamingDataPlatformStack
  settings: StackSettings
} {
  const app = new App({
    outdir: options.outdir ?? process.env.CDK_OUTDIR ?? DEFAULT_OUTDIR,
    analyticsReporting: false,
    context: { ...FEATURE_FLAGS, ...options.context },
  })
  const settings = readSettings(app.node)
  const stack = new StreamingDataPlatformStack(app, STACK_NAME, {
    settings,
    description: 'Streaming data platform: event-time stream processing for ad-tech events on Lambda',
  })
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return { app, stack, settings }
}
