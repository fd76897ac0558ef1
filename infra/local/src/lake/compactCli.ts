// `npm run compact`: compacts the closed partitions of the local lake now (see runCompactCli.ts).
import { progressLine } from './progressLine.js'
import { runCompactCli } from './runCompactCli.js'

process.exitCode = await runCompactCli(
  process.env,
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  progressLine(process.stderr),
)
