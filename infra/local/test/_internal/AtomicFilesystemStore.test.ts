import { spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { request, type ClientRequest } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CopyObjectCommand, CreateBucketCommand, GetObjectCommand, ListObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import t from 'tap'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../src/constants.js'
import { startServiceServers } from '../../src/_internal/startServiceServers.js'
import { waitFor } from '../_support/harness.js'

const SERVERS_MODULE = fileURLToPath(new URL('../../src/_internal/startServiceServers.ts', import.meta.url))
const BUCKET = 'sdp-lake'
const KEY = 'state/reporting-merge/shardId-000000000000/seg/2-1.json'
const OLD = '{"v":1,"at":0,"entries":{}}'
/** A new body big enough that the server writes some of it before the rest is sent. */
const NEW = Buffer.alloc(256 * 1024, 'b')

/** A body as short text: itself, or its size and first bytes (a failure shows a torn object in a line). */
const shown = (text: string) => (text.length <= 64 ? text : `${text.length} bytes: ${text.slice(0, 16)}…`)

const client = (endpoint: string) => new S3Client({ region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS }, endpoint, forcePathStyle: true })

async function body(s3: S3Client, key = KEY): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
  return shown((await out.Body?.transformToString()) ?? '')
}

/** The files s3rver keeps for KEY's folder, by name. */
async function filesOf(directory: string): Promise<string[]> {
  return readdir(join(directory, BUCKET, ...KEY.split('/').slice(0, -1)))
}

/** True once some file of the object's folder starts with the new body's bytes: the server is writing it. */
async function newBytesOnDisk(directory: string): Promise<boolean> {
  const folder = join(directory, BUCKET, ...KEY.split('/').slice(0, -1))
  for (const name of await readdir(folder)) {
    const head = await readFile(join(folder, name)).catch(() => Buffer.alloc(0))
    if (head[0] === NEW[0]) return true
  }
  return false
}

/** A PUT of NEW to KEY that has sent half its body and waits; `abort` drops it as a dying writer would. */
function halfSentPut(endpoint: string): { req: ClientRequest; abort: () => void } {
  const url = new URL(`${endpoint}/${BUCKET}/${KEY}`)
  const req = request(url, { method: 'PUT', headers: { 'content-length': NEW.length, 'content-type': 'application/json' } })
  req.on('error', () => {})
  req.write(NEW.subarray(0, NEW.length / 2))
  return { req, abort: () => req.destroy() }
}

t.test('a PUT is all or nothing: while its body arrives and after its writer dies, readers see the previous object', async (t) => {
  const directory = t.testdir()
  const servers = await startServiceServers({ s3: { directory } })
  t.teardown(() => servers.close())
  const s3 = client(servers.endpoints.s3 as string)
  t.teardown(() => s3.destroy())
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }))
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: OLD }))

  const put = halfSentPut(servers.endpoints.s3 as string)
  await waitFor('the server to write part of the new body', () => newBytesOnDisk(directory))
  t.equal(await body(s3), OLD, 'GET answers the previous object, not the bytes received so far')
  t.equal(
    shown(await readFile(join(directory, BUCKET, `${KEY}._S3rver_object`), 'utf8')),
    OLD,
    "the object's file holds the previous object: what a crash now leaves",
  )
  const listed = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'state/' }))
  t.same(
    listed.Contents?.map((o) => [o.Key, o.Size]),
    [[KEY, OLD.length]],
    'LIST shows the previous object only',
  )

  put.abort()
  await waitFor('the unfinished body to be cleared away', async () => (await filesOf(directory)).every((name) => !name.endsWith('.tmp')))
  t.equal(await body(s3), OLD, 'an abandoned PUT changes nothing')

  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: NEW }))
  t.equal(await body(s3), shown(NEW.toString()), 'a complete PUT replaces the object')
  const copy = 'state/copy.json'
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: copy, CopySource: `${BUCKET}/${KEY}` }))
  t.equal(await body(s3, copy), shown(NEW.toString()), 'a copy holds the whole object')
})

t.test('a process killed during a PUT leaves the previous object, readable after a restart', async (t) => {
  const directory = t.testdir()
  // The servers in a process of their own, so that it can be SIGKILLed as `npm start` is.
  const script = `const { startServiceServers } = await import(${JSON.stringify(SERVERS_MODULE)}); const s = await startServiceServers({ s3: { directory: ${JSON.stringify(directory)} } }); console.log('endpoint ' + s.endpoints.s3)`
  const child = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => void child.kill('SIGKILL'))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /endpoint (http:\/\/\S+)/.exec((out += chunk.toString()))?.[1]
      if (found) resolve(found)
    })
    child.on('exit', (code) => reject(new Error(`the servers exited with ${code}`)))
  })
  const first = client(endpoint)
  await first.send(new CreateBucketCommand({ Bucket: BUCKET }))
  await first.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: OLD }))
  first.destroy()

  const put = halfSentPut(endpoint)
  await waitFor('the server to write part of the new body', () => newBytesOnDisk(directory))
  child.kill('SIGKILL')
  await exited
  put.abort()

  const servers = await startServiceServers({ s3: { directory } })
  t.teardown(() => servers.close())
  const s3 = client(servers.endpoints.s3 as string)
  t.teardown(() => s3.destroy())
  t.equal(await body(s3), OLD, 'the object is the one stored before the crash, whole')
})
