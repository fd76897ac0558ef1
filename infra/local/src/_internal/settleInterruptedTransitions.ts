import { createRequire } from 'node:module'

// Both packages are CommonJS without an exports map; their store modules are reachable by path.
const require = createRequire(import.meta.url)

/**
 * kinesalite and dynalite move a stream/table from CREATING or UPDATING to ACTIVE in a
 * `setTimeout`. When the process dies inside that pause, the persisted status stays
 * CREATING/UPDATING forever and every later start waits in vain. Before starting the servers
 * on a persisted store, settle such transitions: a stream still CREATING has no shards yet,
 * so it is removed (and recreated by `ensureResources`); an UPDATING stream becomes ACTIVE (the
 * interrupted SplitShard/MergeShards simply did not happen); a CREATING/UPDATING table
 * becomes ACTIVE with its indexes.
 *
 * @param paths - the LevelDB directories of the two stores
 * @returns names of the resources that were settled
 */
export async function settleInterruptedTransitions(paths: { readonly kinesis: string; readonly dynamodb: string }): Promise<string[]> {
  return [...(await settleKinesis(paths.kinesis)), ...(await settleDynamo(paths.dynamodb))]
}

const TRANSIENT = new Set(['CREATING', 'UPDATING'])

async function settleKinesis(path: string): Promise<string[]> {
  const { create } = require('kinesalite/db/index.js') as typeof import('kinesalite/db/index.js')
  const store = create({ path })
  const settled: string[] = []
  try {
    const entries = await new Promise<Array<{ key: string; value: Record<string, unknown> }>>((resolve, reject) => {
      const rows: Array<{ key: string; value: Record<string, unknown> }> = []
      store.metaDb
        .createReadStream()
        .on('data', (row: { key: string; value: Record<string, unknown> }) => rows.push(row))
        .on('error', reject)
        .on('end', () => resolve(rows))
    })
    for (const { key, value } of entries) {
      const status = value['StreamStatus']
      if (status === 'CREATING') {
        await new Promise<void>((resolve, reject) => store.metaDb.del(key, (e) => (e ? reject(e) : resolve())))
        settled.push(`stream ${key} (unfinished creation removed)`)
      } else if (status === 'UPDATING') {
        await new Promise<void>((resolve, reject) => store.metaDb.put(key, { ...value, StreamStatus: 'ACTIVE' }, (e) => (e ? reject(e) : resolve())))
        settled.push(`stream ${key} (unfinished reshard dropped)`)
      }
    }
  } finally {
    await new Promise<void>((resolve) => store.db.close(() => resolve()))
  }
  return settled
}

async function settleDynamo(path: string): Promise<string[]> {
  const { create } = require('dynalite/db/index.js') as typeof import('dynalite/db/index.js')
  const store = create({ path })
  const settled: string[] = []
  try {
    const stuck: Array<[string, Record<string, unknown>]> = []
    for await (const entry of store.db.iterator({ gte: 'table~', lt: 'table~\uffff' })) {
      if (TRANSIENT.has(String(entry[1]['TableStatus']))) stuck.push(entry)
    }
    for (const [key, table] of stuck) {
      const indexes = table['GlobalSecondaryIndexes']
      await store.db.put(key, {
        ...table,
        TableStatus: 'ACTIVE',
        ...(Array.isArray(indexes) ? { GlobalSecondaryIndexes: indexes.map((i: object) => ({ ...i, IndexStatus: 'ACTIVE' })) } : {}),
      })
      settled.push(`table ${key.slice('table~'.length)} (marked ACTIVE)`)
    }
  } finally {
    await store.db.close()
  }
  return settled
}
