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
export { progressBar, type Progress, type ProgressBarOptions, type ProgressOutput } from './progressBar.js'
