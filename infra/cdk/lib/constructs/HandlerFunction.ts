import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { LogLevel, NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { DUCKDB_PACKAGES, DUCKDB_STUB, HANDLER_ENTRIES, REPO_ROOT, type HandlerName } from '../constants.js'
import { MissingHandlerError } from '../errors.js'
import { acknowledge } from '../nag.js'

/** Props of {@link HandlerFunction}. */
export interface HandlerFunctionProps {
  /** Which handler of {@link HANDLER_ENTRIES} to deploy. */
  readonly handler: HandlerName
  /** What the function does, shown in the console. */
  readonly description: string
  /** The function's whole configuration: handlers read nothing else. @default {} */
  readonly environment?: Readonly<Record<string, string>>
  /** @default 256 */
  readonly memorySize?: number
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration
  /**
   * The bundle uses DuckDB: its native linux-x64 build is copied beside the bundle (esbuild cannot
   * bundle a `.node` file) and the function runs on x86_64, the binary's architecture.
   * Pure-JS functions run on arm64 (cheaper per GB-second), and their bundles get a stand-in for
   * `@duckdb/node-api` (see `stubs/duckdbUnavailable.ts`).
   * @default false
   */
  readonly usesDuckDb?: boolean
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays
}

// Our workspace packages are bundled from their TypeScript sources (the code the tests run), not
// from their published build in dist/.
const SOURCE_CONDITION = { '--conditions': '@sdp/source' }

const REQUIRE_SHIM = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

/**
 * One Lambda handler deployed the house way: Node.js 22, bundled by the local esbuild into one ESM
 * file (no Docker), AWS SDK bundled (the version we test is the version we run), JSON logs into
 * its own log group with a retention, and a role that may only write that log group until the
 * owning construct grants it more.
 *
 * @example
 * const heartbeat = new HandlerFunction(this, 'Heartbeat', {
 *   handler: 'heartbeat',
 *   description: 'writes a heartbeat into every open shard',
 *   environment: { STREAM_NAME: stream.streamName },
 * })
 */
export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction
  readonly role: iam.Role
  readonly logGroup: logs.LogGroup

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id)
    const relative = (HANDLER_ENTRIES as Record<string, string | undefined>)[props.handler]
    if (relative === undefined || !existsSync(join(REPO_ROOT, relative))) {
      throw new MissingHandlerError(`handler ${props.handler} has no entry file${relative ? ` at ${relative}` : ''}`)
    }
    const entry = join(REPO_ROOT, relative)
    const usesDuckDb = props.usesDuckDb ?? false

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handler} handler: its log group plus what its construct grants`,
    })
    this.logGroup.grantWrite(this.role)

    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: usesDuckDb ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        logLevel: LogLevel.WARNING,
        bundleAwsSDK: true,
        ...(usesDuckDb
          ? { externalModules: ['@duckdb/node-api'], commandHooks: copyPackages(DUCKDB_PACKAGES), esbuildArgs: SOURCE_CONDITION }
          : { externalModules: [], esbuildArgs: { ...SOURCE_CONDITION, '--alias': `@duckdb/node-api=${DUCKDB_STUB}` } }),
      },
    })
    acknowledge(
      this.fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the platform is built and tested for; move every function at once when the code is tested on a newer one.',
    )
  }
}

/** Bundling hooks that copy installed packages into the bundle's `node_modules/`. */
function copyPackages(packages: readonly string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      packages.flatMap((name) => [
        `mkdir -p "${outputDir}/node_modules/${name}"`,
        `cp -R "${inputDir}/node_modules/${name}/." "${outputDir}/node_modules/${name}/"`,
      ]),
  }
}
