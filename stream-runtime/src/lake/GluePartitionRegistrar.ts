import { CreatePartitionCommand, type GlueClient } from '@aws-sdk/client-glue'
import { partitionId, type LakePartition, type LakeTable } from '@sdp/catalog'
import { gluePartitionInput } from '@sdp/catalog/lake'
import type { PartitionRegistrar } from './PartitionRegistrar.js'

/**
 * The AWS {@link PartitionRegistrar}: `CreatePartition` with the live prefix as location the first
 * time a container writes to a partition, so Athena sees new `parquet_*` objects at once. An
 * existing partition is left alone (`AlreadyExistsException`): once compacted, its location is
 * compaction's. Known partitions are remembered per container (an optimisation only).
 */
export class GluePartitionRegistrar implements PartitionRegistrar {
  private readonly known = new Set<string>()

  constructor(
    private readonly glue: Pick<GlueClient, 'send'>,
    private readonly database: string,
    private readonly bucket: string,
  ) {}

  async register(table: LakeTable, partition: LakePartition): Promise<void> {
    const id = `${table.name}/${partitionId(partition)}`
    if (this.known.has(id)) return
    try {
      await this.glue.send(
        new CreatePartitionCommand({
          DatabaseName: this.database,
          TableName: table.name,
          PartitionInput: gluePartitionInput(table, partition, { bucket: this.bucket }),
        }),
      )
    } catch (error) {
      if ((error as { name?: string }).name !== 'AlreadyExistsException') throw error
    }
    this.known.add(id)
  }
}
