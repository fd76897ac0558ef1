import { App, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import t from 'tap'
import { HANDLER_ENTRIES, type HandlerName } from '../lib/constants.js'
import { HandlerFunction } from '../lib/constructs/HandlerFunction.js'
import { MissingHandlerError } from '../lib/errors.js'

// A stack of its own, bundling skipped (the CDK's `aws:cdk:bundling-stacks` context).
const stackOf = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test')

t.test('a pure-JS handler runs on arm64; one that bundles DuckDB runs on x86_64, its binary architecture', async (t) => {
  const stack = stackOf()
  new HandlerFunction(stack, 'Pure', { handler: 'heartbeat', description: 'pure' })
  new HandlerFunction(stack, 'Native', { handler: 'compact', description: 'native', usesDuckDb: true })
  const template = Template.fromStack(stack)
  template.hasResourceProperties('AWS::Lambda::Function', { Description: 'pure', Architectures: ['arm64'], Runtime: 'nodejs22.x' })
  template.hasResourceProperties('AWS::Lambda::Function', { Description: 'native', Architectures: ['x86_64'], Runtime: 'nodejs22.x' })
  template.resourceCountIs('AWS::Logs::LogGroup', 2)
  t.pass()
})

t.test('the role may write its own log group and nothing else until granted more', async (t) => {
  const stack = stackOf()
  const fn = new HandlerFunction(stack, 'Fn', { handler: 'heartbeat', description: 'd', environment: { STREAM_NAME: 's' } })
  const template = Template.fromStack(stack)
  template.resourceCountIs('AWS::IAM::Policy', 1)
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [stack.getLogicalId(fn.logGroup.node.defaultChild as never), 'Arn'] },
        },
      ],
    },
  })
  template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() })
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', STREAM_NAME: 's' } },
  })
  t.pass()
})

t.test('every handler name maps to an entry file that exists, stage 2 merge included', async (t) => {
  t.equal(HANDLER_ENTRIES.merge, 'reporting/src/handlers/merge.ts')
  const stack = stackOf()
  for (const handler of Object.keys(HANDLER_ENTRIES) as HandlerName[]) {
    t.doesNotThrow(() => new HandlerFunction(stack, handler, { handler, description: handler }), handler)
  }
  Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', Object.keys(HANDLER_ENTRIES).length)
})

t.test('an unknown handler fails with a MissingHandlerError', async (t) => {
  t.throws(() => new HandlerFunction(stackOf(), 'X', { handler: 'nope' as HandlerName, description: 'x' }), MissingHandlerError)
})
