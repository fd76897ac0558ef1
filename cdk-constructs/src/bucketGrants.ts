import * as iam from 'aws-cdk-lib/aws-iam'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import { acknowledgeWildcardResources } from './nag.js'

/** Object actions a handler may be granted on a prefix. */
export type PrefixObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject'

/**
 * Lets `role` run `actions` on the objects under each prefix (e.g. `state/jobs/q7/`), and nothing
 * else in the bucket; the prefix wildcards are acknowledged to cdk-nag with the reason.
 */
export function grantObjects(bucket: s3.IBucket, role: iam.IRole, prefixes: readonly string[], actions: readonly PrefixObjectAction[]): void {
  const resources = prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`))
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources }))
  acknowledgeWildcardResources(
    role,
    resources,
    'Object ARNs end in a key-prefix wildcard: the grant is limited to one prefix of the lake, and object keys are data-dependent.',
  )
}

/** Lets `role` list the keys under each prefix (ListObjectsV2 with that prefix), and no other listing. */
export function grantList(bucket: s3.IBucket, role: iam.IRole, prefixes: readonly string[]): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
    }),
  )
}
