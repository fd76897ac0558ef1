/**
 * Glue has no local emulator: a recording stand-in for the two partition calls the Glue catalog
 * makes (`CreatePartition`, `UpdatePartition`), keeping each partition's location and version.
 */
export function fakeGlue() {
  const partitions = new Map<string, { location: string; version: string }>()
  const calls: string[] = []
  return {
    partitions,
    calls,
    async send(command: { constructor: { name: string }; input: Record<string, any> }) {
      const name = command.constructor.name
      calls.push(name)
      const input = command.input
      const values = (input['PartitionValueList'] ?? input['PartitionInput'].Values).join('/')
      const entry = { location: input['PartitionInput'].StorageDescriptor.Location, version: input['PartitionInput'].Parameters['sdp.version'] }
      if (name === 'UpdatePartitionCommand') {
        if (!partitions.has(values)) throw Object.assign(new Error('no partition'), { name: 'EntityNotFoundException' })
        partitions.set(values, entry)
      } else if (name === 'CreatePartitionCommand') partitions.set(values, entry)
      return {}
    },
  }
}
