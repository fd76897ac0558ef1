import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Duration } from 'aws-cdk-lib'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as logs from 'aws-cdk-lib/aws-logs'
import { BundledFunction, HandlerCode } from '@sdp/cdk-constructs'
import type { Construct } from 'constructs'
import { DUCKDB_PACKAGES, DUCKDB_STUB, HANDLER_ENTRIES, REPO_ROOT, type HandlerName } from '../constants.js'
import { MissingHandlerError } from '../errors.js'

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

/**
 * The code of one of the platform's handlers: its entry bundled from the repository's sources,
 * with DuckDB's native build copied beside it, or a stand-in for it in pure-JS bundles.
 *
 * @throws MissingHandlerError when the handler has no entry file
 */
export function platformHandlerCode(handler: HandlerName, usesDuckDb = false): HandlerCode {
  const relative = (HANDLER_ENTRIES as Record<string, string | undefined>)[handler]
  if (relative === undefined || !existsSync(join(REPO_ROOT, relative))) {
    throw new MissingHandlerError(`handler ${handler} has no entry file${relative ? ` at ${relative}` : ''}`)
  }
  const project = { projectRoot: REPO_ROOT, depsLockFilePath: join(REPO_ROOT, 'package-lock.json') }
  return HandlerCode.fromHandlerFile(
    join(REPO_ROOT, relative),
    usesDuckDb
      ? { ...project, externalModules: ['@duckdb/node-api'], commandHooks: copyPackages(DUCKDB_PACKAGES), esbuildArgs: SOURCE_CONDITION }
      : { ...project, externalModules: [], esbuildArgs: { ...SOURCE_CONDITION, '--alias': `@duckdb/node-api=${DUCKDB_STUB}` } },
  )
}

/**
 * One of the platform's Lambda handlers deployed the house way ({@link BundledFunction}): Node.js
 * 22, one ESM bundle made by the local esbuild, AWS SDK bundled, JSON logs into its own log group,
 * and a role that may only write that log group until the owning construct grants it more.
 *
 * @example
 * const heartbeat = new HandlerFunction(this, 'Heartbeat', {
 *   handler: 'heartbeat',
 *   description: 'writes a heartbeat into every open shard',
 *   environment: { STREAM_NAME: stream.streamName },
 * })
 */
export class HandlerFunction extends BundledFunction {
  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    const usesDuckDb = props.usesDuckDb ?? false
    super(scope, id, {
      code: platformHandlerCode(props.handler, usesDuckDb),
      description: props.description,
      architecture: usesDuckDb ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      roleDescription: `${props.handler} handler: its log group plus what its construct grants`,
      ...(props.environment ? { environment: props.environment } : {}),
      ...(props.memorySize ? { memorySize: props.memorySize } : {}),
      ...(props.timeout ? { timeout: props.timeout } : {}),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    })
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
