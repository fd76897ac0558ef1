import t from 'tap'
import { handlerFromEnv } from '../../src/handlers/compact.js'
import { compactionSettingsFromEnv } from '../../src/config.js'

t.test('the compaction handler reads its settings once, by name', async (t) => {
  t.throws(() => handlerFromEnv({ LAKE_BUCKET: 'b' }), { message: 'environment variable GLUE_DATABASE is required' })
  t.match(compactionSettingsFromEnv({}), { targetBytes: 128 * 2 ** 20, graceMs: 1_800_000, deleteDelayMs: 1_800_000 })
  t.match(compactionSettingsFromEnv({ COMPACTION_TARGET_MB: '64', COMPACTION_DELETE_DELAY_SECONDS: '0' }), { targetBytes: 64 * 2 ** 20, deleteDelayMs: 0 })
  t.throws(() => compactionSettingsFromEnv({ COMPACTION_TARGET_MB: '1.5' }), { name: 'CompactionConfigError', message: 'COMPACTION_TARGET_MB must be a positive whole number, got "1.5"' })
})
