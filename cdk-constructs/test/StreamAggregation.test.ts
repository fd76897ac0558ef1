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

/** The function of a stage, found by its handler export. */
function functionOf(template: Template, handler: string) {
  const fns = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Handler: handler } }))
  if (fns.length !== 1) throw new Error(`expected one function with handler ${handler}, found ${fns.length}`)
  return fns[0] as [string, { Properties: { Role: { 'Fn::GetAtt': [string, string] }; Environment: { Variables: Record<string, unknown> } } }]
}

/** Every action the role of the function with `handler` is granted. */
function actionsOf(template: Template, handler: string): string[] {
  const [, fn] = functionOf(template, handler)
  const role = fn.Properties.Role['Fn::GetAtt'][0]
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
    Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: Statement[] } }
  }>
  return policies
    .filter((p) => p.Properties.Roles.some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((st) => ([] as string[]).concat(st.Action)))
    .sort()
}

t.test('a job on an existing stream: two stages, each a function on its own tumbling-window mapping, partials stream, results, alarm', async (t) => {
  const { stack } = stackOf()
  const job = q7On(stack, { mergeWindowSeconds: 120 })
  const template = Template.fromStack(stack)
  const bucket = { Ref: stack.getLogicalId(job.bucket.node.defaultChild as s3.CfnBucket) }
  const table = { Ref: stack.getLogicalId((job.resultsTable as dynamodb.Table).node.defaultChild as dynamodb.CfnTable) }
  const partials = stack.getLogicalId(job.partialsStream!.node.defaultChild as kinesis.CfnStream)
  template.resourceCountIs('AWS::Lambda::Function', 2)
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
        PARTIALS_STREAM: { Ref: partials },
        NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
      },
    },
  })
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Handler: 'index.mergeHandler',
    MemorySize: 1024,
    Timeout: 300,
    Environment: {
      Variables: {
        JOB_NAME: 'nexmark-q7',
        LAKE_BUCKET: bucket,
        PARTIALS_STREAM: { Ref: partials },
        JOB_RESULTS_TABLE: table,
        NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
      },
    },
  })
  template.hasResourceProperties('AWS::Kinesis::Stream', {
    ShardCount: 1,
    StreamModeDetails: { StreamMode: 'PROVISIONED' },
    StreamEncryption: { EncryptionType: 'KMS' },
  })
  template.resourceCountIs('AWS::Kinesis::Stream', 1)
  template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2)
  const policy = {
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: -1,
    MaximumRecordAgeInSeconds: -1,
    ParallelizationFactor: 1,
    StartingPosition: 'TRIM_HORIZON',
  }
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    ...policy,
    EventSourceArn: STREAM_ARN,
    FunctionName: { Ref: functionOf(template, 'index.handler')[0] },
    TumblingWindowInSeconds: 300,
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Q7ConsumerFailures'), 'Arn'] } } },
  })
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    ...policy,
    EventSourceArn: { 'Fn::GetAtt': [partials, 'Arn'] },
    FunctionName: { Ref: functionOf(template, 'index.mergeHandler')[0] },
    TumblingWindowInSeconds: 120,
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Q7MergeConsumerFailures'), 'Arn'] } } },
  })
  template.resourceCountIs('AWS::SQS::Queue', 2)
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
        Match.objectLike({ Prefix: 'errors/job-nexmark-q7-merge/' }),
      ]),
    },
  })
  const metric = (Id: string, MetricName: string, service: string) => ({
    Id,
    MetricStat: { Metric: { Namespace: 'sdp', MetricName, Dimensions: [{ Name: 'service', Value: service }] } },
  })
  template.resourceCountIs('AWS::CloudWatch::Alarm', 1)
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Threshold: 0.01,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    Metrics: [
      { Expression: 'MAX([IF(records > 0, deadLetters / records, 0), IF(records2 > 0, deadLetters2 / records2, 0)])', ReturnData: true },
      metric('records', 'records', 'job-nexmark-q7'),
      metric('deadLetters', 'deadLetters', 'job-nexmark-q7'),
      metric('records2', 'records', 'job-nexmark-q7-merge'),
      metric('deadLetters2', 'deadLetters', 'job-nexmark-q7-merge'),
    ],
  })
  t.equal(job.statePrefix, 'state/jobs/nexmark-q7/')
  t.equal(job.deadLetterPrefix, 'errors/job-nexmark-q7/')
  t.equal(job.merge?.consumer.mapping.node.scope, job.merge?.consumer, 'stage 2 is exposed')
})

t.test('each stage may use its own prefixes and streams, stage 2 the results table, nothing else', async (t) => {
  const { stack } = stackOf()
  const job = q7On(stack)
  const template = Template.fromStack(stack)
  const stage1 = actionsOf(template, 'index.handler')
  const stage2 = actionsOf(template, 'index.mergeHandler')
  t.same([...new Set(stage1.filter((a) => a.startsWith('s3:')))], ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'])
  t.same([...new Set(stage2.filter((a) => a.startsWith('s3:')))], ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'])
  t.same(
    stage1.filter((a) => a.startsWith('dynamodb:')),
    [],
    'stage 1 never touches the results',
  )
  t.same(
    stage2.filter((a) => a.startsWith('dynamodb:')),
    ['dynamodb:PutItem'],
    'stage 2 only puts final values',
  )
  t.ok(stage1.includes('kinesis:PutRecords'), 'stage 1 writes the partials stream')
  t.notOk(stage2.includes('kinesis:PutRecords'), 'stage 2 only reads it')
  t.ok(stage2.includes('kinesis:GetRecords') && stage2.includes('kinesis:ListShards'), 'stage 2 reads the partials stream and its lineage')
  t.notOk(
    [...stage1, ...stage2].some((a) => a.includes('*')),
    'no wildcard action',
  )
  const statements = statementsOf(template)
  const listings = statements.filter((s) => s.Action === 's3:ListBucket').map((s) => s.Condition)
  t.same(
    listings,
    [{ StringLike: { 's3:prefix': ['state/jobs/nexmark-q7/*'] } }, { StringLike: { 's3:prefix': ['state/jobs/nexmark-q7-merge/*'] } }],
    'each lists only its state prefix',
  )
  const resources = JSON.stringify(statements.filter((s) => ([] as string[]).concat(s.Action).includes('s3:PutObject')))
  for (const prefix of [
    'state/jobs/nexmark-q7/*',
    'errors/job-nexmark-q7/*',
    'state/jobs/nexmark-q7-merge/*',
    'errors/job-nexmark-q7-merge/*',
    'parquet/job_nexmark_q7/*',
  ]) {
    t.ok(resources.includes(prefix), `a stage may write ${prefix}`)
  }
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

t.test('without a stream, bucket, table or partials stream it creates them; given ones are used', async (t) => {
  const { stack } = stackOf()
  new StreamAggregation(stack, 'Own', { name: 'own', code: HandlerCode.fromJobFile(Q7, SOURCES), partialsShards: 3 })
  let template = Template.fromStack(stack)
  template.resourceCountIs('AWS::Kinesis::Stream', 2)
  template.hasResourceProperties('AWS::Kinesis::Stream', { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS' } })
  template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 3, StreamModeDetails: { StreamMode: 'PROVISIONED' } })

  const given = stackOf().stack
  const bucket = s3.Bucket.fromBucketName(given, 'Lake', 'my-lake')
  const table = dynamodb.Table.fromTableName(given, 'Results', 'my-results')
  const partials = kinesis.Stream.fromStreamArn(given, 'Partials', 'arn:aws:kinesis:eu-west-1:123456789012:stream/my-partials')
  q7On(given, { bucket, resultsTable: table, partialsStream: partials })
  template = Template.fromStack(given)
  template.resourceCountIs('AWS::S3::Bucket', 0)
  template.resourceCountIs('AWS::DynamoDB::Table', 0)
  template.resourceCountIs('AWS::Kinesis::Stream', 0)
  template.hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'index.mergeHandler',
    Environment: { Variables: Match.objectLike({ LAKE_BUCKET: 'my-lake', JOB_RESULTS_TABLE: 'my-results', PARTIALS_STREAM: 'my-partials' }) },
  })
  template.hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'index.handler',
    Environment: { Variables: Match.objectLike({ LAKE_BUCKET: 'my-lake', PARTIALS_STREAM: 'my-partials' }) },
  })
  t.pass()
})

t.test('a handler file with a partials stream: no results table, write access to the partials stream', async (t) => {
  const { stack } = stackOf()
  const partials = kinesis.Stream.fromStreamArn(stack, 'Partials', 'arn:aws:kinesis:eu-west-1:123456789012:stream/partials')
  const stage1 = q7On(stack, { code: HandlerCode.fromHandlerFile(Q7, SOURCES), partialsStream: partials, metricsService: 'reporting' })
  const template = Template.fromStack(stack)
  t.equal(stage1.resultsTable, undefined)
  t.equal(stage1.merge, undefined, 'one stage')
  template.resourceCountIs('AWS::DynamoDB::Table', 0)
  template.resourceCountIs('AWS::Lambda::Function', 1)
  template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1)
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

t.test('a handler file with mergeHandler: two stages on a given results table, each with its own prefixes', async (t) => {
  const { stack } = stackOf()
  const table = dynamodb.Table.fromTableArn(stack, 'Results', 'arn:aws:dynamodb:eu-west-1:123456789012:table/results')
  const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'lake')
  const job = q7On(stack, {
    name: 'reporting',
    code: HandlerCode.fromHandlerFile(Q7, SOURCES),
    bucket,
    statePrefix: 'state/reporting/',
    deadLetterPrefix: 'errors/reporting/',
    metricsService: 'reporting',
    resultsTable: table,
    mergeWindowSeconds: 30,
    environment: { STAGE: '1' },
    mergeHandler: { code: HandlerCode.fromHandlerFile(Q7, SOURCES), metricsService: 'reporting', environment: { AGGREGATES_TABLE: 'results' } },
  })
  const template = Template.fromStack(stack)
  t.equal(job.resultsTable, table, 'the given table')
  t.ok(job.merge, 'a second stage')
  template.resourceCountIs('AWS::DynamoDB::Table', 0)
  template.resourceCountIs('AWS::Kinesis::Stream', 1)
  template.resourceCountIs('AWS::Lambda::Function', 2)
  template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2)
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { TumblingWindowInSeconds: 30, BisectBatchOnFunctionError: true, MaximumRetryAttempts: -1 })
  const fns = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{
    Properties: { Handler: string; Environment: { Variables: Record<string, unknown> } }
  }>
  t.same(
    fns.map((f) => f.Properties.Handler),
    ['index.handler', 'index.handler'],
    "both stages run their file's `handler`",
  )
  const [window, merge] = fns.map((f) => f.Properties.Environment.Variables)
  t.equal(window?.STAGE, '1')
  t.equal(merge?.STAGE, undefined, "stage 1's environment is its own")
  t.equal(merge?.AGGREGATES_TABLE, 'results')
  t.ok(merge?.PARTIALS_STREAM, 'stage 2 reads the partials stream')
  t.equal(merge?.JOB_NAME, undefined, 'no job settings for a handler file')
  const statements = JSON.stringify(statementsOf(template))
  t.match(statements, /state\/reporting-merge\/\*/, 'stage 2 state prefix defaults beside stage 1')
  t.match(statements, /errors\/reporting-merge\/\*/, 'and its dead letters')
  t.notMatch(statements, /parquet\/job_/, 'no job lake table')
  t.match(statements, /dynamodb:PutItem/)
  const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm'))[0] as {
    Properties: { Metrics: Array<{ Id: string }>; AlarmDescription: string }
  }
  t.same(
    alarm.Properties.Metrics.map((m) => m.Id).filter((id) => id.startsWith('records')),
    ['records'],
    'the metrics service both stages share is watched once',
  )
  t.match(alarm.Properties.AlarmDescription, 'errors/reporting/ and errors/reporting-merge/')
})

t.test('pre-built code is deployed as given, each stage with its export', async (t) => {
  const { stack } = stackOf()
  q7On(stack, { code: HandlerCode.fromCode(lambda.Code.fromInline('export const handler = async () => ({})'), { handler: 'main.window' }) })
  const template = Template.fromStack(stack)
  template.hasResourceProperties('AWS::Lambda::Function', { Code: { ZipFile: Match.anyValue() }, Handler: 'main.window' })
  template.hasResourceProperties('AWS::Lambda::Function', { Code: { ZipFile: Match.anyValue() }, Handler: 'index.mergeHandler' })
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
  refused(
    { code: HandlerCode.fromHandlerFile(Q7, SOURCES), statePrefix: 'state' },
    {
      name: 'InvalidPropsError',
      message: "statePrefix must be a key prefix ending in '/', got 'state'",
    },
  )
  refused(
    { statePrefix: 'state/q7/', metricsService: 'q7' },
    {
      name: 'InvalidPropsError',
      message: "statePrefix, metricsService cannot be given for a job file: its handlers derive them from the job's name",
    },
  )
  refused(
    { code: HandlerCode.fromHandlerFile(Q7, SOURCES), mergeBatchSize: 10 },
    {
      name: 'InvalidPropsError',
      message: 'mergeBatchSize cannot be given for a handler file without mergeHandler: they configure a second stage',
    },
  )
  refused(
    { mergeHandler: { code: HandlerCode.fromHandlerFile(Q7, SOURCES) } },
    { name: 'InvalidPropsError', message: 'mergeHandler cannot be given for a job file: its bundle brings its own second stage' },
  )
  refused(
    { code: HandlerCode.fromHandlerFile(Q7, SOURCES), mergeHandler: { code: HandlerCode.fromHandlerFile(Q7, SOURCES) } },
    { name: 'InvalidPropsError', message: 'resultsTable must be given with mergeHandler: the table its merge handler writes' },
  )
  refused(
    { code: HandlerCode.fromHandlerFile(Q7, SOURCES), mergeHandler: { code: HandlerCode.fromJobFile(Q7, SOURCES) } },
    { name: 'InvalidPropsError', message: 'mergeHandler.code must be a handler file (HandlerCode.fromHandlerFile), not a job' },
  )
  refused({ mergeWindowSeconds: 0 }, { name: 'InvalidPropsError', message: 'mergeWindowSeconds must be a whole number from 1 to 900, got 0' })
  refused({ partialsShards: 0 }, { name: 'InvalidPropsError', message: 'partialsShards must be a whole number from 1 to 500, got 0' })
  refused({ windowSeconds: 901 }, { name: 'InvalidPropsError', message: 'windowSeconds must be a whole number from 1 to 900, got 901' })
  refused({ batchSize: 0 }, { name: 'InvalidPropsError', message: 'batchSize must be a whole number from 1 to 10000, got 0' })
  refused({ deadLetterRateThreshold: 0 }, { name: 'InvalidPropsError', message: 'deadLetterRateThreshold must be in (0, 1], got 0' })
  const { stack } = stackOf()
  const partials = kinesis.Stream.fromStreamArn(stack, 'Partials', 'arn:aws:kinesis:eu-west-1:123456789012:stream/partials')
  t.throws(() => q7On(stack, { partialsStream: partials, partialsShards: 2 }), {
    name: 'InvalidPropsError',
    message: 'partialsShards is for a created partials stream; partialsStream is given',
  })
  t.throws(() => HandlerCode.fromJobFile('no/such/job.ts'), { name: 'MissingEntryError', message: 'job file no/such/job.ts does not exist' })
})

t.test('a job file is bundled once with both stages of the platform around it', async (t) => {
  const outdir = mkdtempSync(join(tmpdir(), 'sdp-constructs-'))
  t.teardown(() => rmSync(outdir, { recursive: true, force: true }))
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } })
  const stack = new Stack(app, 'Bundled')
  q7On(stack)
  const fns = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as Array<{ Metadata: Record<string, string> }>
  const paths = new Set(fns.map((fn) => fn.Metadata['aws:asset:path']))
  t.equal(paths.size, 1, 'both functions deploy the same asset')
  const file = join(outdir, String([...paths][0]), 'index.mjs')
  t.ok(existsSync(file), 'one ESM bundle')
  type Handler = (event: unknown) => Promise<unknown>
  const { handler, mergeHandler } = (await import(pathToFileURL(file).href)) as { handler: Handler; mergeHandler: Handler }
  const saved = process.env.JOB_NAME
  delete process.env.JOB_NAME
  t.teardown(() => {
    if (saved !== undefined) process.env.JOB_NAME = saved
  })
  await t.rejects(handler({ Records: [] }), { name: 'ConfigError', message: /STREAM_NAME is required/ }, "stage 1 reads stage 1's settings")
  await t.rejects(mergeHandler({ Records: [] }), { name: 'ConfigError', message: /JOB_RESULTS_TABLE is required/ }, "stage 2 reads stage 2's settings")
})
