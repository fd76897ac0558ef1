import { ConfigError } from '@sdp/service-kit'
import { JOB_ENV } from '../constants.js'

/**
 * Refuses a `JOB_NAME` that is not the bundled job's name: the construct derives the prefixes,
 * the grants and the dead-letter alarm from it, so the handler would write where it may not.
 *
 * @throws ConfigError naming both names
 */
export function checkJobName(configured: string, bundled: string): void {
  if (configured === bundled) return
  throw new ConfigError([
    { variable: JOB_ENV.jobName, problem: `is '${configured}', but the bundled job is named '${bundled}': deploy it with name '${bundled}'` },
  ])
}
