// `npm run sql -- "<Flink SQL>"`: streaming SQL over the local platform's stream (see runSqlCli.ts).
import { processIo } from '@sdp/infra/cli'
import { runSqlCli } from './runSqlCli.js'

process.exitCode = await runSqlCli(process.argv.slice(2), process.env, processIo)
