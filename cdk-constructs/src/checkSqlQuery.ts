import { createRequire } from 'node:module'
import { join } from 'node:path'
import { runInThisContext } from 'node:vm'
import { InvalidQueryError, MissingEntryError } from './errors.js'

/** The compiler's exports the check uses, from the bundle. */
interface SqlCompiler {
  compileQuery(query: string, options: { name: string }): unknown
  SqlError: new (...args: never[]) => Error & { line: number; column: number; reason: string }
}

/** How the check bundles the compiler: as the function's bundle resolves it. */
export interface SqlCheckProject {
  readonly projectRoot: string
  /** esbuild's `--conditions`, e.g. `@sdp/source` inside this repository. */
  readonly conditions?: string
}

/** The compiler bundled once per project and conditions: a synth with several queries pays once. */
const compilers = new Map<string, SqlCompiler>()

/**
 * Bundles `@sdp/sql` with the project's esbuild (the bundler the function is built with, resolving
 * the package the function will run) and evaluates it in this process. Synchronous, as construct
 * code must be: `@sdp/sql` is an ES module, which Node.js 20 cannot `require`.
 */
function loadCompiler(project: SqlCheckProject): SqlCompiler {
  const cacheKey = `${project.projectRoot}\0${project.conditions ?? ''}`
  const cached = compilers.get(cacheKey)
  if (cached) return cached
  const require = createRequire(join(project.projectRoot, 'package.json'))
  let esbuild: typeof import('esbuild')
  try {
    esbuild = require('esbuild') as typeof import('esbuild')
  } catch {
    throw new MissingEntryError(`esbuild is not installed in ${project.projectRoot}: a .sql job is compiled at synth with it`)
  }
  const result = esbuild.buildSync({
    stdin: { contents: "export { compileQuery, SqlError } from '@sdp/sql'", resolveDir: project.projectRoot, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    // The compiler reads parse-tree kinds from class names.
    keepNames: true,
    conditions: project.conditions ? project.conditions.split(',') : [],
    write: false,
    logLevel: 'silent',
  })
  const module = { exports: {} as SqlCompiler }
  // The bundle esbuild just built, run as a CommonJS module is.
  const run = runInThisContext(`(function (module, exports, require) {${result.outputFiles[0]?.text ?? ''}\n})`, { filename: 'sdp-sql-check.cjs' }) as (
    m: typeof module,
    e: SqlCompiler,
    r: NodeJS.Require,
  ) => void
  run(module, module.exports, require)
  compilers.set(cacheKey, module.exports)
  return module.exports
}

/**
 * Compiles a `.sql` job's query at synth, so a query the function would refuse at cold start fails
 * the synth instead, with the parser's position.
 *
 * @throws InvalidQueryError `<file>:<line>:<column>: <reason>`
 * @throws MissingEntryError when `@sdp/sql` or esbuild cannot be found from the project root
 */
export function checkSqlQuery(file: string, query: string, name: string, project: SqlCheckProject): void {
  let compiler: SqlCompiler
  try {
    compiler = loadCompiler(project)
  } catch (error) {
    if (error instanceof MissingEntryError) throw error
    throw new MissingEntryError(`${file}: @sdp/sql, which compiles .sql jobs, could not be bundled from ${project.projectRoot}: ${(error as Error).message}`)
  }
  try {
    compiler.compileQuery(query, { name })
  } catch (error) {
    if (error instanceof compiler.SqlError) throw new InvalidQueryError(`${file}:${error.line}:${error.column}: ${error.reason}`)
    throw error
  }
}
