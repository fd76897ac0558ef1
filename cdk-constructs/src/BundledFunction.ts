import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { JOB_EXPORTS, type HandlerCode, type JobStage, type ResolvedHandlerCode } from './HandlerCode.js'
import { acknowledge } from './nag.js'

/** Props of {@link BundledFunction}. */
export interface BundledFunctionProps {
  readonly code: HandlerCode
  /** Which of a job's handlers the function runs (`handler` or `mergeHandler` of its bundle). @default 'window' */
  readonly stage?: JobStage
  /** What the function does, shown in the console. */
  readonly description: string
  /** The function's whole configuration: handlers read nothing else. @default {} */
  readonly environment?: Readonly<Record<string, string>>
  /** @default 256 */
  readonly memorySize?: number
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration
  /** @default lambda.Architecture.ARM_64 (pure JavaScript runs anywhere; arm64 costs less per GB-second) */
  readonly architecture?: lambda.Architecture
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays
  /** @default `${id}: its log group plus what its construct grants` */
  readonly roleDescription?: string
}

// esbuild's ESM output has no `require`; some dependencies still call it.
const REQUIRE_SHIM = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

/**
 * One Lambda handler deployed the house way: Node.js 22, bundled by the local esbuild into one ESM
 * file (no Docker), AWS SDK bundled (the version tested is the version run), JSON logs into its
 * own log group with a retention, and a role that may only write that log group until the owning
 * construct grants it more.
 *
 * @example
 * const fn = new BundledFunction(this, 'Window', { code: HandlerCode.fromJobFile('jobs/q7.ts'), description: 'q7' })
 */
export class BundledFunction extends Construct {
  readonly fn: lambda.Function
  readonly role: iam.Role
  readonly logGroup: logs.LogGroup

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id)
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.roleDescription ?? `${id}: its log group plus what its construct grants`,
    })
    this.logGroup.grantWrite(this.role)
    const common = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    }
    const code = props.code.resolve()
    const stage = props.stage ?? 'window'
    this.fn =
      code.kind === 'prebuilt'
        ? new lambda.Function(this, 'Function', { ...common, code: code.code, handler: stage === 'merge' ? code.mergeHandler : code.handler })
        : this.bundled(common, code, JOB_EXPORTS[stage])
    acknowledge(
      this.fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the platform is built and tested for; move every function at once when the code is tested on a newer one.',
    )
  }

  private bundled(
    common: Omit<lambda.FunctionProps, 'code' | 'handler'>,
    code: Extract<ResolvedHandlerCode, { kind: 'bundle' }>,
    exportName: string,
  ): NodejsFunction {
    const { options } = code
    return new NodejsFunction(this, 'Function', {
      ...common,
      entry: code.entry,
      handler: exportName,
      projectRoot: options.projectRoot,
      depsLockFilePath: options.depsLockFilePath,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        logLevel: LogLevel.WARNING,
        bundleAwsSDK: true,
        externalModules: [...(options.externalModules ?? [])],
        ...(options.esbuildArgs ? { esbuildArgs: { ...options.esbuildArgs } } : {}),
        ...(options.commandHooks ? { commandHooks: options.commandHooks } : {}),
      },
    })
  }
}
