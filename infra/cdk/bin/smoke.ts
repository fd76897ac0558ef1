// Smoke test of a deployed stack (or of the local platform):
//   tsx infra/cdk/bin/smoke.ts <UrlForAPI> [UrlForReports] [UrlForPredictions]
// AWS credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
// (e.g. `eval "$(aws configure export-credentials --format env)"`); the caller needs the
// stack's ApiClientPolicyArn. Prints the result as JSON; exits 1 on failure.
import { runSmokeTest } from '../lib/client/smokeTest.js'

const [api, reports, predictions] = process.argv.slice(2)
if (!api) {
  console.error('usage: tsx infra/cdk/bin/smoke.ts <UrlForAPI> [UrlForReports] [UrlForPredictions]')
  process.exit(2)
}
const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env
try {
  const result = await runSmokeTest({
    api,
    ...(reports ? { reports } : {}),
    ...(predictions ? { predictions } : {}),
    ...(AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: AWS_ACCESS_KEY_ID,
            secretAccessKey: AWS_SECRET_ACCESS_KEY,
            ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
    log: (message) => console.error(message),
  })
  console.log(JSON.stringify(result))
} catch (error) {
  console.error(`smoke test failed: ${(error as Error).message}`)
  process.exit(1)
}
