import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DefinedWindowJob } from '@sdp/aggregation-engine'
import { ConfigError } from '../errors.js'

/** A user job loaded from its file. */
export interface LoadedJob {
  /** The job's `name`: its consumer is `job-<name>`, its results under `/jobs/<name>/results`. */
  readonly name: string
  /** Absolute path of the file. */
  readonly file: string
  readonly job: DefinedWindowJob<unknown, unknown>
}

/** A job name that is safe as a consumer name, a URL path segment and a key prefix. */
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/

const isFunction = (v: unknown) => typeof v === 'function'

/** What is wrong with an export as a job, or undefined when it is one. */
function jobProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'is not an object'
  const job = value as Partial<DefinedWindowJob<unknown, unknown>>
  if (typeof job.name !== 'string' || !isFunction(job.parse) || !isFunction(job.open)) return 'is not a window job (no name, parse and open)'
  if (typeof job.accumulators !== 'object' || !isFunction((job.accumulators as unknown as Record<string, unknown> | undefined)?.['merge']))
    return 'is not built by defineWindowJob (no accumulators to merge its partials)'
  if (!JOB_NAME.test(job.name)) return `has the name '${job.name}': a job name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit`
  return undefined
}

/**
 * A `.sql` file: one Flink SQL query compiled by `@sdp/sql` into a job named after the file
 * (`bids-per-minute.sql` runs as `bids-per-minute`).
 *
 * @throws ConfigError `SDP_JOBS: <file>:<line>:<column>: <reason>` for a query the compiler refuses
 */
async function loadSqlJob(file: string, path: string): Promise<LoadedJob> {
  const name = basename(path, '.sql')
  if (!JOB_NAME.test(name))
    throw new ConfigError(`SDP_JOBS: ${file} names the job '${name}': a job name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit`)
  // Loaded only for SQL jobs: the parser is large.
  const { SqlError, compileQuery } = await import('@sdp/sql')
  try {
    const { job } = compileQuery(await readFile(path, 'utf8'), { name })
    return { name, file: path, job: job }
  } catch (error) {
    if (error instanceof SqlError) throw new ConfigError(`SDP_JOBS: ${file}:${error.line}:${error.column}: ${error.reason}`)
    throw error
  }
}

/**
 * Loads a job file (TypeScript through tsx, or JavaScript): its `default` export, else its export
 * named `job`, must be a job built by `defineWindowJob`. A `.sql` file holds a query that is
 * compiled into a job named after the file.
 *
 * @throws ConfigError `SDP_JOBS: <file> <reason>` when the file is missing, does not load, or exports no job
 * @example
 * const { name, job } = await loadJobFile('./examples/nexmark/q7.ts')
 */
export async function loadJobFile(file: string): Promise<LoadedJob> {
  const path = resolve(file)
  const fail = (reason: string): never => {
    throw new ConfigError(`SDP_JOBS: ${file} ${reason}`)
  }
  if (!existsSync(path)) fail('does not exist')
  if (path.endsWith('.sql')) return loadSqlJob(file, path)
  let module: Record<string, unknown> = {}
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  } catch (error) {
    fail(`does not load: ${error instanceof Error ? error.message : String(error)}`)
  }
  const exportName = module.default !== undefined ? 'default' : module.job !== undefined ? 'job' : undefined
  if (exportName === undefined) fail('exports no job: give it `export default defineWindowJob({...})` (or `export const job`)')
  const problem = jobProblem(module[exportName!])
  if (problem !== undefined) fail(`export '${exportName}' ${problem}`)
  const job = module[exportName!] as DefinedWindowJob<unknown, unknown>
  return { name: job.name, file: path, job }
}

/**
 * Loads every job file in order.
 *
 * @throws ConfigError naming the first file that fails, or a job name given by two files
 */
export async function loadJobFiles(files: readonly string[]): Promise<LoadedJob[]> {
  const jobs: LoadedJob[] = []
  for (const file of files) {
    const loaded = await loadJobFile(file)
    const twin = jobs.find((j) => j.name === loaded.name)
    if (twin) throw new ConfigError(`SDP_JOBS: ${file} defines the job '${loaded.name}', as ${twin.file} does: job names must be unique`)
    jobs.push(loaded)
  }
  return jobs
}
