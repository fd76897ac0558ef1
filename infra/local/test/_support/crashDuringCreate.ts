/**
 * Test helper process: creates a stream on persisted local services and exits at once, inside
 * kinesalite's CREATING pause — the state a crash leaves behind. Usage: `crashDuringCreate.ts <dataDir>`.
 */
import { CreateStreamCommand } from '@aws-sdk/client-kinesis'
import { startLocalServices } from '../../src/localServices.js'

const dataDir = process.argv[2] ?? ''
const services = await startLocalServices({ dataDir })
await services.kinesis.send(new CreateStreamCommand({ StreamName: 'half-made', ShardCount: 1 }))
process.exit(0)
