import { SettingsError } from './errors.js'

/**
 * Context values from command-line arguments in the CDK CLI's form (`-c name=value` or
 * `--context name=value`), so `npm run synth -- -c windowSeconds=120` works like `cdk synth`.
 * Values stay strings; the settings reader parses and validates them.
 *
 * @throws SettingsError for an argument it does not understand
 * @example
 * contextArgs(['-c', 'stageName=dev']) // { stageName: 'dev' }
 */
export function contextArgs(argv: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {}
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]
    const pair = argv[i + 1]
    if ((flag !== '-c' && flag !== '--context') || pair === undefined || !/^[^=]+=/.test(pair)) {
      throw new SettingsError(`arguments must be -c name=value pairs, got ${JSON.stringify(argv.slice(i).join(' '))}`)
    }
    const at = pair.indexOf('=')
    context[pair.slice(0, at)] = pair.slice(at + 1)
    i += 1
  }
  return context
}
