// The Lambda side of @sdp/cdk-constructs: what a job's bundle runs. Imports no CDK.
export { jobWindowHandler, jobWindowHandlerFromEnv } from './jobWindowHandler.js'
export { createJobWindowHandler, type JobWindowHandlerDependencies } from './createJobWindowHandler.js'
export { JOB_ENV, jobLayout } from '../constants.js'
