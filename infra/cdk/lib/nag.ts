// cdk-nag acknowledgments: the helpers of @sdp/cdk-constructs, so the platform and a deployed job
// acknowledge findings one way.
export { acknowledge, acknowledgeWildcardAction, acknowledgeWildcardResources } from '@sdp/cdk-constructs'
