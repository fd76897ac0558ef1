import t from 'tap'
import { ModelCache } from '../../src/predict/ModelCache.js'
import { ModelRepository } from '../../src/store/ModelRepository.js'
import { BidWinModel } from '../../src/model/BidWinModel.js'
import { ProgressiveValidation } from '../../src/evaluation/ProgressiveValidation.js'
import { versionId } from '../../src/store/versionId.js'
import type { Composition } from '../../src/store/ModelVersion.js'
import { MemoryObjectStore } from '../../../test-support/memoryObjectStore.js'

const model = BidWinModel.create({ hashBits: 10 }, { alpha: 0.1, beta: 1, l1: 0, l2: 0 })
const publish = (repo: ModelRepository, shards: Composition, examples: number) =>
  repo.publish({ id: versionId(shards, examples), shards, examples, eventTime: null, metrics: new ProgressiveValidation().summary(), model })

function setup() {
  const store = new MemoryObjectStore()
  const repo = new ModelRepository(store)
  let clock = 0
  const stale: unknown[] = []
  const cache = new ModelCache(repo, { refreshMs: 1000, now: () => clock, onStale: (e) => stale.push(e) })
  return { store, repo, cache, stale, tick: (ms = 1000) => (clock += ms) }
}

t.test('undefined before the first version; checks the pointer at most once per interval', async (t) => {
  const { repo, cache, tick } = setup()
  t.equal(await cache.current(), undefined)
  await publish(repo, { a: '1' }, 1)
  t.equal(await cache.current(), undefined, 'not re-checked within the interval')
  tick()
  t.equal((await cache.current())?.info.id, versionId({ a: '1' }, 1))
})

t.test('never goes back to a version the cached one already covers', async (t) => {
  const { repo, cache, tick } = setup()
  await publish(repo, { a: '5', b: '5' }, 10)
  tick()
  await cache.current()
  await publish(repo, { a: '5', b: '3' }, 8) // a slower publisher overwrote latest with an older combination
  tick()
  t.equal((await cache.current())?.info.id, versionId({ a: '5', b: '5' }, 10))
  await publish(repo, { a: '6', b: '3' }, 9) // incomparable: it has something newer, so it is taken
  tick()
  t.equal((await cache.current())?.info.id, versionId({ a: '6', b: '3' }, 9))
})

t.test('a store failure keeps the cached model serving; with nothing cached it is thrown', async (t) => {
  const { store, repo, cache, stale, tick } = setup()
  await publish(repo, { a: '1' }, 1)
  tick()
  await cache.current()
  const get = store.get.bind(store)
  store.get = async () => {
    throw new Error('S3 down')
  }
  tick()
  t.equal((await cache.current())?.info.id, versionId({ a: '1' }, 1))
  t.equal(stale.length, 1)
  const fresh = new ModelCache(repo, { refreshMs: 1000, now: () => 0 })
  await t.rejects(fresh.current(), /S3 down/)
  store.get = get
})

t.test('a version pruned between reading the pointer and the version is retried at the next request', async (t) => {
  const { store, repo, cache, tick } = setup()
  const pointer = await publish(repo, { a: '1' }, 1)
  await store.delete([pointer.key])
  tick()
  t.equal(await cache.current(), undefined)
  await publish(repo, { a: '1' }, 1)
  t.equal((await cache.current())?.info.id, pointer.id, 'retried without waiting for the interval')
})
