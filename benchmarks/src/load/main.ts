// `npm run load -- --url <base> --rate <events/s> --duration <s> [...]`: the ad-tech load scenario
// with a progress bar, a summary and a PASS/FAIL verdict from the reports API.
// Exit codes: 0 PASS, 1 FAIL, 2 bad arguments or setup.
import { LoadError } from './errors.js'
import { sigV4FromEnv } from './HttpClient.js'
import { LOAD_USAGE, parseLoadArgs } from './loadArgs.js'
import { formatReport } from './formatReport.js'
import { ProgressBar } from './ProgressBar.js'
import { runLoad } from './runLoad.js'

try {
  const command = parseLoadArgs(process.argv.slice(2))
  if (command.help) {
    process.stdout.write(LOAD_USAGE)
  } else {
    const { options } = command
    const sigv4 = options.sigv4 ? sigV4FromEnv(options.url, options.region) : undefined
    if (!sigv4 && /\.execute-api\./.test(new URL(options.url).host))
      console.error('note: API Gateway with IAM authorization answers 403 to unsigned requests; add --sigv4')
    const bar = options.json ? undefined : new ProgressBar()
    let report
    try {
      report = await runLoad(options, { ...(sigv4 ? { sigv4 } : {}), ...(bar ? { onProgress: (p) => bar.update(p) } : {}) })
    } finally {
      bar?.done() // also stops its redraw timer, which would keep the process alive
    }
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report))
    process.exitCode = report.pass ? 0 : 1
  }
} catch (error) {
  if (!(error instanceof LoadError)) throw error
  console.error(`load: ${error.message}`)
  process.exitCode = 2
}
