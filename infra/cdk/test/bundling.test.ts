import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { resourcesOf, buildApp } from './synthesize.js'

// One synthesis with real bundling (the local esbuild, no Docker), as `npm run synth` does.
// Asset metadata (set by the CDK CLI) tells which asset directory holds each function's code.
const built = buildApp(t, { 'aws:cdk:enable-asset-metadata': true }, true)

t.test('every function is bundled into one ESM file that loads and exports handler', async (t) => {
  const functions = resourcesOf(built.template(), 'AWS::Lambda::Function')
  const metadata = built.template().findResources('AWS::Lambda::Function')
  t.equal(functions.length, 11, 'the nine handlers, the walk-in join and its heartbeat')
  for (const [id, props] of functions) {
    const assetPath = (metadata[id] as { Metadata?: Record<string, string> }).Metadata?.['aws:asset:path']
    t.ok(assetPath, `${id} has an asset`)
    const file = join(built.outdir, String(assetPath), 'index.mjs')
    t.ok(existsSync(file), `${id} bundle is index.mjs`)
    t.ok(existsSync(`${file}.map`), `${id} ships its source map`)
    const code = readFileSync(file, 'utf8')
    const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }
    t.ok(
      sources.some((s) => /\/src\/.+\.ts$/.test(s)),
      `${id} is built from our TypeScript sources`,
    )
    t.same(
      sources.filter((s) => /(aggregation-engine|catalog|service-kit|stream-runtime)\/dist\//.test(s)),
      [],
      `${id} bundles no published build`,
    )
    t.notMatch(code, /from\s*"@duckdb\//, `${id} (${props.Architectures}) does not import DuckDB's native build`)
    t.notMatch(code, /from\s*"@aws-sdk\//, `${id} bundles the AWS SDK it was tested with`)
    const module = (await import(pathToFileURL(file).href)) as { handler?: unknown }
    t.equal(typeof module.handler, 'function', `${id} exports handler`)
  }
})
