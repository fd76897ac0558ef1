import t from 'tap'
import { compactionHandlerFromEnv } from '../../src/handlers/compact.js'
import { compactionSettingsFromEnv } from '../../src/config.js'

t.test('the compaction handler reads its settings once, by name', async (t) => {
  t.throws(() => compactionHandlerFromEnv({ LAKE_BUCKET: 'b' }), { name: 'ConfigError', message: 'GLUE_DATABASE is required' })
  t.throws(() => compactionHandlerFromEnv({ COMPACTION_LOOKBACK_HOURS: '0' }), {
    message:
      '3 settings are wrong: LAKE_BUCKET is required; GLUE_DATABASE is required; COMPACTION_LOOKBACK_HOURS must be a whole number of hours >= 1, got "0"',
  })
  t.match(compactionSettingsFromEnv({}), { targetBytes: 128 * 2 ** 20, graceMs: 1_800_000, deleteDelayMs: 1_800_000 })
  t.match(compactionSettingsFromEnv({ COMPACTION_TARGET_MB: '64', COMPACTION_DELETE_DELAY_SECONDS: '0' }), { targetBytes: 64 * 2 ** 20, deleteDelayMs: 0 })
  t.throws(() => compactionSettingsFromEnv({ COMPACTION_TARGET_MB: '1.5' }), {
    name: 'ConfigError',
    message: 'COMPACTION_TARGET_MB must be a whole number >= 1, got "1.5"',
  })
})
