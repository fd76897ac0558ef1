import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { LAKE_TABLES, lakeObjectKey, partitionOf, partitionStart, toLakeRow } from '@sdp/catalog'
import { encodeParquet } from '@sdp/catalog/lake'
import { runCompactCli } from '../../src/lake/runCompactCli.js'
import { runQueryCli } from '../../src/lake/runQueryCli.js'

const run = promisify(execFile)
const capture = () => {
  const out = { stdout: '', stderr: '' }
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } }
}

/**
 * Writes `objects` into the lake bucket under `<dataDir>/s3` as the platform would, through an
 * s3rver of its own that is stopped afterwards.
 */
async function writeLake(dataDir: string, objects: ReadonlyArray<{ key: string; body: Uint8Array }>): Promise<void> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dataDir, 's3'), vhostBuckets: false })
  const { port } = await server.run()
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
  })
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdp-lake' }))
    for (const { key, body } of objects) await s3.send(new PutObjectCommand({ Bucket: 'sdp-lake', Key: key, Body: body }))
  } finally {
    s3.destroy()
    await server.close()
  }
}

t.test('npm run query on an empty lake answers 0 rows and prints only the table', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-query-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const cli = new URL('../../src/lake/queryCli.ts', import.meta.url).pathname
  const { stdout, stderr } = await run(process.execPath, ['--import=tsx', cli, 'select count(*) as n from parquet_bcns'], {
    env: { ...process.env, SDP_DATA_DIR: dataDir },
  })
  t.equal(stdout, '┌───┐\n│ n │\n├───┤\n│ 0 │\n└───┘\n1 row\n')
  t.notMatch(stderr, /rror/)
  const bad = (await run(process.execPath, ['--import=tsx', cli, 'selec 1'], { env: { ...process.env, SDP_DATA_DIR: dataDir } }).catch((e: unknown) => e)) as {
    code: number
    stdout: string
    stderr: string
  }
  t.equal(bad.code, 1, 'bad SQL exits 1')
  t.equal(bad.stdout, '')
  t.match(bad.stderr, /syntax error/i, "DuckDB's message on stderr")
  const usage = capture()
  t.equal(await runQueryCli([], { SDP_DATA_DIR: dataDir }, usage.io), 2)
  t.match(usage.out.stderr, /Usage: npm run query/)
})

t.test('npm run compact compacts closed partitions of the data directory, then queries see the same rows', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-compact-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const nothing = capture()
  t.equal(await runCompactCli({ SDP_DATA_DIR: dataDir }, nothing.io), 0)
  t.match(nothing.out.stdout, /nothing to compact/)

  const table = LAKE_TABLES.parquet_bcns
  const hourAgo = Date.now() - 3 * 3_600_000 // closed (grace 5 minutes locally), within the lookback
  const p = partitionOf(hourAgo)
  await writeLake(
    dataDir,
    Array.from({ length: 6 }, (_, f) => ({
      key: lakeObjectKey(table, p, `shardId-000000000000-${f}-${f}`),
      body: encodeParquet(
        table,
        Array.from({ length: 10 }, (_, i) => toLakeRow(table, { type: 'click', tx_id: `t${f}-${i}`, ts: partitionStart(p) + i })),
      ),
    })),
  )

  const count = async () => {
    const q = capture()
    await runQueryCli(['select count(*) as n, count(distinct tx_id) as d from parquet_bcns'], { SDP_DATA_DIR: dataDir }, q.io)
    return q.out.stdout
  }
  const before = await count()
  t.match(before, /│ 60 │ 60 │/)
  const updates: number[] = []
  const compact = capture()
  const code = await runCompactCli({ SDP_DATA_DIR: dataDir }, compact.io, { update: (done) => updates.push(done), done: () => undefined })
  t.equal(code, 0, compact.out.stderr)
  t.match(compact.out.stdout, /files: 6 in → 1 out/)
  t.match(compact.out.stdout, /rows: 60 in → 60 out/)
  t.ok(updates.length >= 1, 'progress reported')
  t.equal(await count(), before, 'queries see the same rows after compaction')
})

t.test('npm run query prints table, CSV (RFC 4180) or JSON from a real lake', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-query-formats-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const table = LAKE_TABLES.parquet_bcns
  const p = partitionOf(Date.UTC(2026, 0, 2, 3))
  const ids = ['plain', 'comma,quote"', 'line\nbreak']
  const rows = ids.map((tx_id, i) => toLakeRow(table, { type: 'click', tx_id, ts: partitionStart(p) + i }))
  await writeLake(dataDir, [{ key: lakeObjectKey(table, p, 'shardId-000000000000-1-3'), body: encodeParquet(table, rows) }])

  const sql = ['select tx_id, ts - ', String(partitionStart(p)), ' as offset_ms, null as nothing from parquet_bcns order by offset_ms']
  const query = async (args: string[]) => {
    const q = capture()
    const code = await runQueryCli(args, { SDP_DATA_DIR: dataDir }, q.io)
    t.equal(q.out.stderr, '', 'nothing on stderr')
    return { code, stdout: q.out.stdout }
  }
  const table_ = await query(sql)
  t.equal(table_.code, 0)
  t.match(table_.stdout, /│ comma,quote" │\s+1 │/, 'table is the default')
  t.match(table_.stdout, /3 rows\n$/)
  t.same(await query(['--format', 'table', ...sql]), table_)

  const csv = await query(['--format', 'csv', ...sql])
  t.equal(csv.code, 0)
  t.equal(csv.stdout, 'tx_id,offset_ms,nothing\r\nplain,0,\r\n"comma,quote""",1,\r\n"line\nbreak",2,\r\n')

  const json = await query(['--format', 'json', ...sql])
  t.equal(json.code, 0)
  t.same(JSON.parse(json.stdout), [
    { tx_id: 'plain', offset_ms: '0', nothing: null },
    { tx_id: 'comma,quote"', offset_ms: '1', nothing: null },
    { tx_id: 'line\nbreak', offset_ms: '2', nothing: null },
  ])

  const empty = await query(['--format', 'csv', 'select tx_id from parquet_clicks'])
  t.equal(empty.stdout, 'tx_id\r\n', 'an empty result is the header alone')
  t.same(JSON.parse((await query(['--format', 'json', 'select tx_id from parquet_clicks'])).stdout), [])

  const bad = capture()
  t.equal(await runQueryCli(['--format', 'yaml', 'select 1'], { SDP_DATA_DIR: dataDir }, bad.io), 2)
  t.equal(bad.out.stderr, "query: --format must be one of table, csv, json, got 'yaml' (see --help)\n")
})
