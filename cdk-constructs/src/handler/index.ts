// The Lambda side of @sdp/cdk-constructs: what a job's bundle runs. Imports no CDK.
export { jobWindowHandler, jobWindowHandlerFromEnv, type JobWindowClients } from './jobWindowHandler.js'
export { jobMergeHandler, jobMergeHandlerFromEnv, type JobMergeClients } from './jobMergeHandler.js'
export { JOB_ENV, jobLayout } from '../constants.js'
