import t from 'tap'
import { LAKE_TABLES } from '@sdp/catalog'
import { GluePartitionRegistrar } from '../../src/lake/GluePartitionRegistrar.js'

t.test('new Parquet partitions are registered once at the live prefix; existing ones are left alone', async (t) => {
  const created: unknown[] = []
  const glue = {
    async send(command: { input: { TableName: string; PartitionInput: { Values: string[]; StorageDescriptor: { Location: string } } } }) {
      created.push([command.input.TableName, command.input.PartitionInput.Values, command.input.PartitionInput.StorageDescriptor.Location])
      if (command.input.PartitionInput.Values[1] === '06') throw Object.assign(new Error('exists'), { name: 'AlreadyExistsException' })
      return {}
    },
  }
  const registrar = new GluePartitionRegistrar(glue as never, 'lake', 'bucket')
  const table = LAKE_TABLES.parquet_clicks
  await registrar.register(table, { dt: '2026-11-28', hour: '05' })
  await registrar.register(table, { dt: '2026-11-28', hour: '05' })
  await registrar.register(table, { dt: '2026-11-28', hour: '06' })
  t.same(created, [
    ['parquet_clicks', ['2026-11-28', '05'], 's3://bucket/parquet/clicks/dt=2026-11-28/hour=05/'],
    ['parquet_clicks', ['2026-11-28', '06'], 's3://bucket/parquet/clicks/dt=2026-11-28/hour=06/'],
  ])
  const failing = new GluePartitionRegistrar(
    { send: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })) } as never,
    'lake',
    'bucket',
  )
  await t.rejects(failing.register(table, { dt: '2026-11-28', hour: '05' }), { message: 'denied' })
})
