/**
 * Test helper process: creates a stream on a persisted kinesalite and exits at once, inside
 * kinesalite's CREATING pause — the state a crash leaves behind. kinesalite runs in this
 * thread, so its CREATING timer cannot fire between the answer and the exit.
 * Usage: `crashDuringCreate.ts <dataDir>`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CreateStreamCommand } from '@aws-sdk/client-kinesis'
import { startServiceServers } from '../../src/_internal/startServiceServers.js'
import { createLocalClients } from '../../src/localClients.js'

const path = join(process.argv[2] ?? '', 'kinesis')
mkdirSync(path, { recursive: true })
const { endpoints } = await startServiceServers({ kinesis: { path } })
const { kinesis } = createLocalClients({ kinesis: endpoints.kinesis ?? '', dynamodb: '', s3: '' })
await kinesis.send(new CreateStreamCommand({ StreamName: 'half-made', ShardCount: 1 }))
process.exit(0)
