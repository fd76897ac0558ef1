/**
 * The dashboard as a static site:
 *   npx tsx infra/local/src/dashboard/buildDashboardCli.ts [outDir] [--api-base <url>]
 * writes `index.html` and `dashboard/app.{js,css}` (with source maps) under `outDir`
 * (default `reporting/dashboard/dist/site`). See reporting/dashboard/README.md for deploying it.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DASHBOARD_SOURCE, writeDashboard } from './buildDashboard.js'

let args
try {
  args = parseArgs({ allowPositionals: true, options: { 'api-base': { type: 'string', default: '' } } })
} catch (error) {
  console.error(`dashboard build: ${(error as Error).message}\nusage: buildDashboardCli.ts [outDir] [--api-base <url>]`)
  process.exit(2)
}
const outDir = resolve(args.positionals[0] ?? resolve(DASHBOARD_SOURCE, 'dist', 'site'))
const apiBase = args.values['api-base'] ?? ''
if (apiBase !== '' && !/^https?:\/\/|^\//.test(apiBase)) {
  console.error(`dashboard build: --api-base must be an http(s) URL or an absolute path, got ${JSON.stringify(apiBase)}`)
  process.exit(2)
}
const files = await writeDashboard(outDir, { apiBase })
console.log(`dashboard written to ${outDir}: ${files.join(', ')}${apiBase ? ` (API at ${apiBase})` : ' (API beside the page)'}`)
