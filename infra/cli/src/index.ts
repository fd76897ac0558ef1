export {
  commandLineOrExit,
  oneOf,
  parseCommandLine,
  processIo,
  runCommand,
  UsageError,
  type CliIo,
  type CliOptions,
  type CommandLine,
  type CommandSpec,
} from './commandLine.js'
