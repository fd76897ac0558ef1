import { Match, Template } from 'aws-cdk-lib/assertions'
import type { CfnStream } from 'aws-cdk-lib/aws-kinesis'
import t from 'tap'
import { createJobsApp } from '../app.js'

const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/StreamingDataPlatform-EventsStream'
// Bundling skipped (the CDK's `aws:cdk:bundling-stacks` context): the template is the same but for the asset hash.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] }

t.test('the job runs in two stages on the existing stream: 5-minute windows, a partials stream, a merge stage, one dead-letter alarm', async (t) => {
  const { stack } = createJobsApp({ ...NO_BUNDLING, eventStreamArn: STREAM_ARN })
  const template = Template.fromStack(stack)
  const partials = stack.getLogicalId(stack.job.partialsStream!.node.defaultChild as CfnStream)
  template.resourceCountIs('AWS::Kinesis::Stream', 1)
  template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1 })
  template.resourceCountIs('AWS::Kinesis::StreamConsumer', 0)
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Environment: {
      Variables: Match.objectLike({ JOB_NAME: 'adtech-max-win-price', STREAM_NAME: 'StreamingDataPlatform-EventsStream', PARTIALS_STREAM: { Ref: partials } }),
    },
  })
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Handler: 'index.mergeHandler',
    Environment: { Variables: Match.objectLike({ JOB_NAME: 'adtech-max-win-price', PARTIALS_STREAM: { Ref: partials }, JOB_RESULTS_TABLE: Match.anyValue() }) },
  })
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: STREAM_ARN,
    TumblingWindowInSeconds: 300,
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: -1,
  })
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: { 'Fn::GetAtt': [partials, 'Arn'] },
    TumblingWindowInSeconds: 60,
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: -1,
  })
  template.resourceCountIs('AWS::CloudWatch::Alarm', 1)
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Metrics: Match.arrayWith([
      Match.objectLike({ Expression: 'MAX([IF(records > 0, deadLetters / records, 0), IF(records2 > 0, deadLetters2 / records2, 0)])' }),
    ]),
  })
  t.equal(stack.job.statePrefix, 'state/jobs/adtech-max-win-price/')
})

t.test('with enhancedFanOut the mapping reads through a consumer of the stream', async (t) => {
  const { stack } = createJobsApp({ ...NO_BUNDLING, eventStreamArn: STREAM_ARN, enhancedFanOut: 'true' })
  const template = Template.fromStack(stack)
  template.hasResourceProperties('AWS::Kinesis::StreamConsumer', { StreamARN: STREAM_ARN })
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MaxWinPriceFanOut'), 'ConsumerARN'] },
    TumblingWindowInSeconds: 300,
  })
  t.ok(stack.job.fanOut)
})

t.test('without a stream ARN the app says what to pass', async (t) => {
  t.throws(() => createJobsApp(NO_BUNDLING), { message: 'context eventStreamArn must be the ARN of the stream to aggregate, got undefined' })
})
