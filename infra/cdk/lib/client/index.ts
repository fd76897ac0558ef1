export { regionOfApiUrl, signRequest, type AwsCredentials, type SigningScope, type UnsignedRequest } from './signRequest.js'
export { runSmokeTest, type SmokeTestOptions, type SmokeTestResult, type SmokeTestTargets } from './smokeTest.js'
