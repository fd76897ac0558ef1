import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** The dashboard's sources (reporting/dashboard/). */
export const DASHBOARD_SOURCE = fileURLToPath(new URL('../../../../reporting/dashboard/', import.meta.url))

/** One file of the built site. */
export interface DashboardAsset {
  readonly body: string
  readonly contentType: string
  /** Strong validator for `If-None-Match`. */
  readonly etag: string
}

/** Options of {@link buildDashboard}. */
export interface DashboardBuildOptions {
  /**
   * Base URL of the platform API, written into the page's `sdp-api-base` meta tag.
   * @default '' (the API lives beside the page, as on the local platform)
   */
  readonly apiBase?: string
  /** @default true */
  readonly minify?: boolean
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

const asset = (name: string, body: string): DashboardAsset => ({
  body,
  contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
})

/** The site's pages: the campaigns and the SQL page. */
const PAGES = ['index.html', 'sql.html'] as const

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/**
 * Bundles the dashboard in memory with esbuild (TypeScript and uPlot into `dashboard/app.js`, the
 * SQL page's into `dashboard/sql.js`, the styles into `dashboard/app.css`, with source maps) next to
 * `index.html` and `sql.html`. Keys are paths relative to the site root. Takes well under a second;
 * nothing is downloaded.
 *
 * @example
 * const site = await buildDashboard()
 * site.get('index.html')?.body
 */
export async function buildDashboard(options: DashboardBuildOptions = {}): Promise<ReadonlyMap<string, DashboardAsset>> {
  const result = await build({
    absWorkingDir: DASHBOARD_SOURCE,
    entryPoints: [
      { in: 'src/main.ts', out: 'app' },
      { in: 'src/sqlPage.ts', out: 'sql' },
      { in: 'src/styles.css', out: 'app' },
    ],
    outdir: join(DASHBOARD_SOURCE, 'out', 'dashboard'),
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  })
  const site = new Map<string, DashboardAsset>()
  const root = join(DASHBOARD_SOURCE, 'out')
  for (const file of result.outputFiles)
    site.set(
      file.path
        .slice(root.length + 1)
        .split('\\')
        .join('/'),
      asset(file.path, file.text),
    )
  const apiBase = options.apiBase ?? ''
  for (const page of PAGES) {
    const html = await readFile(join(DASHBOARD_SOURCE, page), 'utf8')
    site.set(page, asset(page, html.replace('<meta name="sdp-api-base" content="" />', `<meta name="sdp-api-base" content="${escapeAttribute(apiBase)}" />`)))
  }
  return site
}

/** Builds the dashboard and writes it under `outDir` (`index.html`, `dashboard/…`): a static site. */
export async function writeDashboard(outDir: string, options: DashboardBuildOptions = {}): Promise<string[]> {
  const site = await buildDashboard(options)
  for (const [name, file] of site) {
    await mkdir(dirname(join(outDir, name)), { recursive: true })
    await writeFile(join(outDir, name), file.body)
  }
  return [...site.keys()].sort()
}
