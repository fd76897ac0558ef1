// `npm run compact`: compacts the closed partitions of the local lake now (see runCompactCli.ts).
import { processIo, progressBar, runCommand } from '../../../cli/src/index.js'
import { COMPACT_COMMAND, runCompactCli } from './runCompactCli.js'

process.exitCode = await runCommand(COMPACT_COMMAND, process.argv.slice(2), () => runCompactCli(process.env, processIo, progressBar()))
