import { Stack, Validations } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/**
 * Acknowledges one cdk-nag finding on `scope` (and everything under it) with the reason it is
 * acceptable. cdk-nag 3 reads CDK's own acknowledgments (`Validations.of(...).acknowledge`).
 *
 * @param id rule id, or `RuleId[Finding]` for one finding of a rule that reports several
 * @example
 * acknowledge(accessLogs, 'AwsSolutions-S1', 'this bucket receives the server access logs')
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason })
}

/**
 * Acknowledges the `AwsSolutions-IAM5` findings for resource ARNs that end in a wildcard on
 * purpose (an object-key prefix, a route with a path parameter). Each ARN is flattened the way
 * cdk-nag names it (`<LogicalId.Arn>/state/reporting/*`), since cdk-nag 3 acknowledges findings
 * one by one.
 */
export function acknowledgeWildcardResources(scope: IConstruct, resources: readonly string[], reason: string): void {
  const stack = Stack.of(scope)
  for (const resource of resources) {
    acknowledge(scope, `AwsSolutions-IAM5[Resource::${flatten(stack.resolve(resource))}]`, reason)
  }
}

/** Acknowledges the `AwsSolutions-IAM5` finding of an action that ends in a wildcard on purpose. */
export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Action::${action}]`, reason)
}

// The flattening of cdk-nag's flattenCfnReference (not exported by the package).
function flatten(node: unknown): string {
  if (node === undefined) return ''
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>')
  const ref = node as Record<string, unknown>
  if (Array.isArray(ref['Fn::Join'])) {
    const [delimiter, items] = ref['Fn::Join'] as [string, unknown[]]
    return items.map(flatten).join(delimiter)
  }
  if (ref['Fn::Sub'] !== undefined) return flatten(ref['Fn::Sub'])
  if (Array.isArray(ref['Fn::GetAtt'])) {
    const [resource, attribute] = ref['Fn::GetAtt'] as [unknown, unknown]
    return `<${flatten(resource)}.${flatten(attribute)}>`
  }
  if (ref['Fn::ImportValue'] !== undefined) return flatten(ref['Fn::ImportValue'])
  if (ref.Ref !== undefined) return `<${flatten(ref.Ref)}>`
  return JSON.stringify(node)
}
