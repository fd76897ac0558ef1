// `npm run compact`: compacts the closed partitions of the local lake now (see runCompactCli.ts).
import { runCommand } from '../../../cli/src/index.js'
import { progressLine } from './progressLine.js'
import { COMPACT_COMMAND, runCompactCli } from './runCompactCli.js'

process.exitCode = await runCommand(COMPACT_COMMAND, process.argv.slice(2), () =>
  runCompactCli(
    process.env,
    { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
    progressLine(process.stderr),
  ),
)
