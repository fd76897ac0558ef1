/** Base error of the load tool. */
export class LoadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** A command-line argument broke its rule; the message names the option and the rule. */
export class LoadArgsError extends LoadError {}

/** The tool cannot run as configured (missing credentials, an unreachable URL…). */
export class LoadSetupError extends LoadError {}
