/** Base error of the CDK app. */
export class InfraError extends Error {
  override name = 'InfraError'
}

/** A CDK context setting breaks a rule; the message names the setting, the rule and the value given. */
export class SettingsError extends InfraError {
  override name = 'SettingsError'
}

/** A handler entry file the stack deploys does not exist. */
export class MissingHandlerError extends InfraError {
  override name = 'MissingHandlerError'
}
