// `npm run query -- "<SQL>"`: SQL over the local lake (see runQueryCli.ts).
import { runQueryCli } from './runQueryCli.js'

process.exitCode = await runQueryCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})
