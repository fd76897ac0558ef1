import type { PartitionInput, UpdatePartitionCommandInput } from '@aws-sdk/client-glue'

/** What both partition commands carry: the partition, and for an update the values naming it. */
type PartitionCommandInput = Pick<UpdatePartitionCommandInput, 'PartitionValueList' | 'TableName'> & { PartitionInput: PartitionInput }

/**
 * Glue has no local emulator: a recording stand-in for the two partition calls the Glue catalog
 * makes (`CreatePartition`, `UpdatePartition`), keeping each partition's location and version.
 * `tables`: the Glue tables there are (a call on another fails as Glue's does); default every one.
 */
export function fakeGlue(tables?: readonly string[]) {
  const partitions = new Map<string, { location: string; version: string }>()
  const calls: string[] = []
  return {
    partitions,
    calls,
    async send(command: { constructor: { name: string }; input: PartitionCommandInput }) {
      const name = command.constructor.name
      calls.push(name)
      if (tables && !tables.includes(command.input.TableName ?? '')) throw Object.assign(new Error('Table not found'), { name: 'EntityNotFoundException' })
      const { PartitionValueList, PartitionInput } = command.input
      const values = (PartitionValueList ?? PartitionInput.Values!).join('/')
      const entry = { location: PartitionInput.StorageDescriptor!.Location!, version: PartitionInput.Parameters!['sdp.version']! }
      if (name === 'UpdatePartitionCommand') {
        if (!partitions.has(values)) throw Object.assign(new Error('no partition'), { name: 'EntityNotFoundException' })
        partitions.set(values, entry)
      } else if (name === 'CreatePartitionCommand') partitions.set(values, entry)
      return {}
    },
  }
}
