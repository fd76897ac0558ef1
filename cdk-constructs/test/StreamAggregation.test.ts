import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { App, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { AwsSolutionsChecks } from 'cdk-nag'
import t from 'tap'
import { HandlerCode, StreamAggregation, type StreamAggregationProps } from '../src/index.js'

const Q7 = fileURLToPath(new URL('../../examples/nexmark/q7.ts', import.meta.url))
const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/events'
// Inside the repository the workspace packages are bundled from their TypeScript sources.
const SOURCES = { esbuildArgs: { '--conditions': '@sdp/source' } }

/** A stack whose bundling is skipped (the CDK's `aws:cdk:bundling-stacks` context), and its app. */
function stackOf() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } })
  return { app, stack: new Stack(app, 'Jobs', { env: { account: '123456789012', region: 'eu-west-1' } }) }
}

interface Statement {
  readonly Action: string | string[]
  readonly Condition?: unknown
}

/** Every statement of the stack's IAM policies. */
function statementsOf(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{ Properties: { PolicyDocument: { Statement: Statement[] } } }>
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement)
}

function q7On(stack: Stack, props: Partial<StreamAggregationProps> = {}) {
  return new StreamAggregation(stack, 'Q7', {
    name: 'nexmark-q7',
    code: HandlerCode.fromJobFile(Q7, SOURCES),
    stream: kinesis.Stream.fromStreamArn(stack, 'Events', STREAM_ARN),
    windowSeconds: 300,
    ...props,
  })
}

t.test('a job on an existing stream: function, tumbling-window mapping, state, results, alarm', async (t) => {
  const { stack } = stackOf()
  const job = q7On(stack)
  const template = Template.fromStack(stack)
  const bucket = { Ref: stack.getLogicalId(job.bucket.node.defaultChild as s3.CfnBucket) }
  const table = { Ref: stack.getLogicalId((job.resultsTable as dynamodb.Table).node.defaultChild as dynamodb.CfnTable) }
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    MemorySize: 1024,
    Timeout: 300,
    Environment: {
      Variables: {
        JOB_NAME: 'nexmark-q7',
        LAKE_BUCKET: bucket,
        STREAM_NAME: 'events',
        JOB_RESULTS_TABLE: table,
        STATE_RETENTION_SECONDS: '86400',
        NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
      },
    },
  })
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: STREAM_ARN,
    TumblingWindowInSeconds: 300,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: -1,
    MaximumRecordAgeInSeconds: -1,
    ParallelizationFactor: 1,
    StartingPosition: 'TRIM_HORIZON',
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsumerFailures'), 'Arn'] } } },
  })
  template.resourceCountIs('AWS::Kinesis::Stream', 0)
  template.resourceCountIs('AWS::Kinesis::StreamConsumer', 0)
  template.hasResourceProperties('AWS::DynamoDB::Table', {
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  })
  template.hasResourceProperties('AWS::S3::Bucket', {
    LifecycleConfiguration: {
      Rules: Match.arrayWith([
        Match.objectLike({ Prefix: 'state/jobs/nexmark-q7/', ExpirationInDays: 2 }),
        Match.objectLike({ Prefix: 'errors/job-nexmark-q7/' }),
      ]),
    },
  })
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Threshold: 0.01,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    Metrics: [
      { Expression: 'IF(records > 0, deadLetters / records, 0)', ReturnData: true },
      { Id: 'records', MetricStat: { Metric: { Namespace: 'sdp', MetricName: 'records', Dimensions: [{ Name: 'service', Value: 'job-nexmark-q7' }] } } },
      {
        Id: 'deadLetters',
        MetricStat: { Metric: { Namespace: 'sdp', MetricName: 'deadLetters', Dimensions: [{ Name: 'service', Value: 'job-nexmark-q7' }] } },
      },
    ],
  })
  t.equal(job.statePrefix, 'state/jobs/nexmark-q7/')
  t.equal(job.deadLetterPrefix, 'errors/job-nexmark-q7/')
})

t.test('the role may use its state and dead-letter prefixes, its results table and the stream, nothing else', async (t) => {
  const { stack } = stackOf()
  const job = q7On(stack)
  const statements = statementsOf(Template.fromStack(stack))
  const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action)).sort()
  t.same([...new Set(actions.filter((a) => a.startsWith('s3:')))], ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'])
  t.same(
    actions.filter((a) => a.startsWith('dynamodb:')),
    ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  )
  t.notOk(
    actions.some((a) => a.includes('*')),
    'no wildcard action',
  )
  const listing = statements.find((s) => s.Action === 's3:ListBucket')
  t.same(listing?.Condition, { StringLike: { 's3:prefix': ['state/jobs/nexmark-q7/*'] } }, 'lists only its state prefix')
  t.equal(job.fn.role, job.handler.role)
})

t.test('enhancedFanOut registers a stream consumer and the mapping reads through it', async (t) => {
  const { stack } = stackOf()
  const job = q7On(stack, { enhancedFanOut: true })
  const template = Template.fromStack(stack)
  template.hasResourceProperties('AWS::Kinesis::StreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'Jobs-nexmark-q7' })
  const consumerId = stack.getLogicalId(job.fanOut!.node.defaultChild as kinesis.CfnStreamConsumer)
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: { 'Fn::GetAtt': [consumerId, 'ConsumerARN'] },
    TumblingWindowInSeconds: 300,
  })
  t.ok(
    statementsOf(template).some((s) => ([] as string[]).concat(s.Action).includes('kinesis:SubscribeToShard')),
    'the function may subscribe through the consumer',
  )
})

t.test('without a stream, bucket or table it creates them; given ones are used', async (t) => {
  const { stack } = stackOf()
  new StreamAggregation(stack, 'Own', { name: 'own', code: HandlerCode.fromJobFile(Q7, SOURCES) })
  let template = Template.fromStack(stack)
  template.resourceCountIs('AWS::Kinesis::Stream', 1)
  template.hasResourceProperties('AWS::Kinesis::Stream', { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS' } })

  const given = stackOf().stack
  const bucket = s3.Bucket.fromBucketName(given, 'Lake', 'my-lake')
  const table = dynamodb.Table.fromTableName(given, 'Results', 'my-results')
  q7On(given, { bucket, resultsTable: table })
  template = Template.fromStack(given)
  template.resourceCountIs('AWS::S3::Bucket', 0)
  template.resourceCountIs('AWS::DynamoDB::Table', 0)
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ LAKE_BUCKET: 'my-lake', JOB_RESULTS_TABLE: 'my-results' }) },
  })
  t.pass()
})

t.test('a handler file with a partials stream: no results table, write access to the partials stream', async (t) => {
  const { stack } = stackOf()
  const partials = kinesis.Stream.fromStreamArn(stack, 'Partials', 'arn:aws:kinesis:eu-west-1:123456789012:stream/partials')
  const stage1 = q7On(stack, { code: HandlerCode.fromHandlerFile(Q7, SOURCES), partialsStream: partials, metricsService: 'reporting' })
  const template = Template.fromStack(stack)
  t.equal(stage1.resultsTable, undefined)
  template.resourceCountIs('AWS::DynamoDB::Table', 0)
  const env = Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables
  t.equal(env.PARTIALS_STREAM, 'partials')
  t.equal(env.JOB_NAME, undefined, 'the job settings are for job files')
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Metrics: Match.arrayWith([
      Match.objectLike({
        Id: 'records',
        MetricStat: Match.objectLike({ Metric: Match.objectLike({ Dimensions: [{ Name: 'service', Value: 'reporting' }] }) }),
      }),
    ]),
  })
})

t.test('pre-built code is deployed as given', async (t) => {
  const { stack } = stackOf()
  q7On(stack, { code: HandlerCode.fromCode(lambda.Code.fromInline('export const handler = async () => ({})'), { handler: 'index.handler' }) })
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Code: { ZipFile: Match.anyValue() }, Handler: 'index.handler' })
  t.pass()
})

t.test('cdk-nag AwsSolutions finds nothing unacknowledged, with created and with given resources', async (t) => {
  const { app, stack } = stackOf()
  q7On(stack, { enhancedFanOut: true })
  new StreamAggregation(stack, 'Own', { name: 'own', code: HandlerCode.fromJobFile(Q7, SOURCES) })
  const report = new AwsSolutionsChecks().validateScope(app)
  t.same(
    report.violations.map((v) => `${v.ruleName} on ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    [],
  )
})

t.test('bad props are refused with the prop named, and nothing is created', async (t) => {
  const refused = (props: Partial<StreamAggregationProps>, expected: { name: string; message?: string | RegExp }) => {
    const { stack } = stackOf()
    t.throws(() => q7On(stack, props), expected)
    t.same(
      stack.node.children.map((c) => c.node.id),
      ['Events'],
      'nothing created beside the imported stream',
    )
  }
  refused({ name: 'has space' }, { name: 'InvalidPropsError', message: /^name must be 1-63 letters/ })
  refused({ statePrefix: 'state' }, { name: 'InvalidPropsError', message: "statePrefix must be a key prefix ending in '/', got 'state'" })
  refused({ windowSeconds: 901 }, { name: 'InvalidPropsError', message: 'windowSeconds must be a whole number from 1 to 900, got 901' })
  refused({ batchSize: 0 }, { name: 'InvalidPropsError', message: 'batchSize must be a whole number from 1 to 10000, got 0' })
  refused({ deadLetterRateThreshold: 0 }, { name: 'InvalidPropsError', message: 'deadLetterRateThreshold must be in (0, 1], got 0' })
  const { stack } = stackOf()
  const partials = kinesis.Stream.fromStreamArn(stack, 'Partials', 'arn:aws:kinesis:eu-west-1:123456789012:stream/partials')
  t.throws(() => q7On(stack, { partialsStream: partials }), { name: 'InvalidPropsError', message: /partialsStream is for handler files/ })
  t.throws(() => HandlerCode.fromJobFile('no/such/job.ts'), { name: 'MissingEntryError', message: 'job file no/such/job.ts does not exist' })
})

t.test('a job file is bundled with the platform window handler around it', async (t) => {
  const outdir = mkdtempSync(join(tmpdir(), 'sdp-constructs-'))
  t.teardown(() => rmSync(outdir, { recursive: true, force: true }))
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } })
  const stack = new Stack(app, 'Bundled')
  q7On(stack)
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as Array<{ Metadata: Record<string, string> }>
  const file = join(outdir, String(fn?.Metadata['aws:asset:path']), 'index.mjs')
  t.ok(existsSync(file), 'one ESM bundle')
  const { handler } = (await import(pathToFileURL(file).href)) as { handler: (event: unknown) => Promise<unknown> }
  const saved = process.env.JOB_NAME
  delete process.env.JOB_NAME
  t.teardown(() => {
    if (saved !== undefined) process.env.JOB_NAME = saved
  })
  await t.rejects(handler({ Records: [] }), { name: 'ConfigError', message: /JOB_NAME is required/ }, 'the bundled handler reads the job settings')
})
