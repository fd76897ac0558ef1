import { Match } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import { Validations } from 'aws-cdk-lib'
import t from 'tap'
import { LAKE_TABLE_NAMES } from '@sdp/catalog'
import { buildApp, functionByDescription, resourcesOf } from './synthesize.js'

// One synthesis of the stack with the default settings, shared by every test of this file.
const built = buildApp(t)
const template = () => built.template()

/** Every statement of the policies attached to a function's role. */
function statementsOf(fnProps: Record<string, any>): Record<string, any>[] {
  const roleId = fnProps.Role['Fn::GetAtt'][0]
  return resourcesOf(template(), 'AWS::IAM::Policy')
    .filter(([, p]) => p.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.PolicyDocument.Statement)
}

/** The actions a function's role is allowed, sorted. */
function actionsOf(description: string): string[] {
  const [, fn] = functionByDescription(template(), description)
  return statementsOf(fn)
    .flatMap((s) => [].concat(s.Action))
    .sort()
}

t.test('cdk-nag AwsSolutions finds nothing that is not acknowledged', async (t) => {
  const report = new AwsSolutionsChecks().validateScope(built.app)
  const describe = (v: (typeof report.violations)[number]) => `${v.ruleName} (${v.severity}) on ${v.violatingResources.map((r) => r.constructPath).join(', ')}`
  t.same(report.violations.filter((v) => v.severity === 'error').map(describe), [], 'no unacknowledged error')
  t.same(report.violations.map(describe), [], 'no unacknowledged warning either (a finding fails synthesis)')
})

t.test('every acknowledgment carries a reason', async (t) => {
  const acknowledged: [string, string][] = []
  for (const node of built.app.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue
      acknowledged.push(...Object.entries(entry.data as Record<string, string>))
    }
  }
  t.ok(acknowledged.length > 0, 'there are acknowledgments to check')
  for (const [id, reason] of acknowledged) t.ok(reason.length >= 40, `${id} says why: "${reason}"`)
})

t.test('the event stream is on-demand, KMS-encrypted with the AWS-managed key, 24 h retention', async (t) => {
  template().resourceCountIs('AWS::Kinesis::Stream', 3)
  const [events] = resourcesOf(template(), 'AWS::Kinesis::Stream').filter(([id]) => id.startsWith('EventsStream'))
  t.match(events?.[1], {
    StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    RetentionPeriodHours: 24,
  })
  t.equal(events?.[1].ShardCount, undefined, 'no shard count on demand')
})

t.test('the partials stream is provisioned with one shard, KMS-encrypted like the event stream', async (t) => {
  const partials = resourcesOf(template(), 'AWS::Kinesis::Stream').filter(([id]) => id.startsWith('PartialsStream'))
  t.equal(partials.length, 1, 'one partials stream')
  t.same(partials[0]?.[1], {
    StreamModeDetails: { StreamMode: 'PROVISIONED' },
    ShardCount: 1,
    StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    RetentionPeriodHours: 24,
  })
  template().hasOutput('PartialsStreamName', { Value: { Ref: Match.stringLikeRegexp('^PartialsStream') } })
})

t.test('every function runs Node.js 22 on arm64 with JSON logs in its own log group', async (t) => {
  const functions = resourcesOf(template(), 'AWS::Lambda::Function')
  t.equal(functions.length, 11, 'nine handlers, the walk-in join and its heartbeat')
  for (const [id, p] of functions) {
    t.equal(p.Runtime, 'nodejs22.x', `${id} runtime`)
    t.same(p.Architectures, ['arm64'], `${id} is pure JS, so arm64`)
    t.equal(p.Handler, 'index.handler', `${id} handler`)
    t.equal(p.LoggingConfig?.LogFormat, 'JSON', `${id} logs JSON`)
    t.ok(p.LoggingConfig?.LogGroup?.Ref, `${id} has its own log group`)
  }
  template().resourceCountIs('AWS::IAM::Role', 11 + 4 + 1) // functions, delivery streams, API Gateway's logging role
})

t.test('functions are configured only through environment variables, with literal settings', async (t) => {
  const env = (description: string) => functionByDescription(template(), description)[1].Environment.Variables
  t.match(env('POST /bid'), { STREAM_NAME: { Ref: /^EventsStream/ }, MAX_BODY_BYTES: '1048576' })
  t.match(env('Kinesis tumbling-window consumer: joins'), {
    NODE_OPTIONS: /--max-semi-space-size=64/,
    LAKE_BUCKET: { Ref: /^LakeBucket/ },
    STREAM_NAME: { Ref: /^EventsStream/ },
    PARTIALS_STREAM: { Ref: /^PartialsStream/ },
    AGGREGATION_PERIOD_SECONDS: '60',
    BID_SESSION_TIMEOUT_SECONDS: '300',
    CLICK_SESSION_TIMEOUT_SECONDS: '300',
    WATERMARK_BOUND_SECONDS: '5',
    ALLOWED_LATENESS_SECONDS: '86400',
    RAW_IMPRESSIONS_DELIVERY_STREAM: { Ref: /^RawLandingRawImpressions/ },
    RAW_CLICKS_DELIVERY_STREAM: { Ref: /^RawLandingRawClicks/ },
    RAW_AGGREGATES_DELIVERY_STREAM: { Ref: /^RawLandingRawAggregates/ },
    GLUE_DATABASE: 'sdp_prod',
  })
  t.equal(env('Kinesis tumbling-window consumer: joins').AGGREGATES_TABLE, undefined, 'stage 1 no longer touches DynamoDB')
  t.same(
    env('Kinesis tumbling-window consumer: merges'),
    {
      NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
      LAKE_BUCKET: { Ref: env('POST /predictions').LAKE_BUCKET.Ref },
      AGGREGATES_TABLE: { Ref: env('GET /reports').AGGREGATES_TABLE.Ref },
      PARTIALS_STREAM: { Ref: env('Kinesis tumbling-window consumer: joins').PARTIALS_STREAM.Ref },
      ALLOWED_LATENESS_SECONDS: '86400',
    },
    'stage 2: the lake, the results table, the partials stream (shard lineage) and the lateness of stage 1',
  )
  t.match(env('GET /reports'), { AGGREGATES_TABLE: { Ref: /^ReportingAggregates/ } })
  t.match(env('Writes a heartbeat'), { STREAM_NAME: { Ref: /^EventsStream/ } })
  t.match(env('Firehose transformation'), { LAKE_BUCKET: { Ref: /^LakeBucket/ } })
  t.match(env('Compacts'), { LAKE_BUCKET: { Ref: /^LakeBucket/ }, GLUE_DATABASE: 'sdp_prod', COMPACTION_TARGET_MB: '128' })
  t.match(env('Kinesis tumbling-window consumer: trains'), {
    NODE_OPTIONS: /--max-semi-space-size=64/,
    LAKE_BUCKET: { Ref: /^LakeBucket/ },
    STREAM_NAME: { Ref: /^EventsStream/ },
    BID_SESSION_TIMEOUT_SECONDS: '300',
    FEATURE_HASH_BITS: '18',
    FTRL_ALPHA: '0.3',
    FTRL_BETA: '1',
    FTRL_L1: '1',
    FTRL_L2: '1',
  })
  t.match(env('POST /predictions'), { LAKE_BUCKET: { Ref: /^LakeBucket/ }, PREDICTION_THRESHOLD: '0.5' })
})

t.test('every stream consumer uses a tumbling window that never drops records while the stream holds them', async (t) => {
  template().resourceCountIs('AWS::Lambda::EventSourceMapping', 4)
  const mappings = resourcesOf(template(), 'AWS::Lambda::EventSourceMapping')
  // The event stream's consumers share one batching; stage 2 has its own (the cost model's defaults).
  const events = { window: 600, batch: 10_000, batching: 10 }
  const partials = { window: 900, batch: 10_000, batching: 1 }
  const consumers = {
    [functionByDescription(template(), 'Kinesis tumbling-window consumer: joins')[0]]: ['^EventsStream', events] as const,
    [functionByDescription(template(), 'Kinesis tumbling-window consumer: trains')[0]]: ['^EventsStream', events] as const,
    [functionByDescription(template(), 'Kinesis tumbling-window consumer: merges')[0]]: ['^PartialsStream', partials] as const,
    [functionByDescription(template(), 'Walk-in join')[0]]: ['^WalkInsStream', events] as const,
  }
  t.same(
    mappings.map(([, p]) => p.FunctionName.Ref as string).sort(),
    Object.keys(consumers).sort(),
    'one mapping each for reporting stages 1 and 2, the walk-in join and training',
  )
  for (const [fn, [stream, batching]] of Object.entries(consumers)) {
    template().hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: {
        FunctionName: { Ref: fn },
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(stream), 'Arn'] },
        TumblingWindowInSeconds: batching.window,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: -1,
        MaximumRecordAgeInSeconds: -1,
        ParallelizationFactor: 1,
        BatchSize: batching.batch,
        MaximumBatchingWindowInSeconds: batching.batching,
        StartingPosition: 'TRIM_HORIZON',
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsumerFailures'), 'Arn'] } } },
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('RoleDefaultPolicy')]),
    })
    t.pass(`${fn} reads ${stream}`)
  }
  template().resourceCountIs('AWS::SQS::Queue', 4)
  template().allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 })
})

t.test('the results table: pk S / sk S, on demand, PITR, encrypted, kept on delete', async () => {
  template().resourceCountIs('AWS::DynamoDB::Table', 1)
  template().hasResource('AWS::DynamoDB::Table', {
    Properties: {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    },
    DeletionPolicy: 'Retain',
  })
})

t.test('the lake bucket: encrypted, private, TLS only, access-logged, lifecycle per prefix', async () => {
  template().resourceCountIs('AWS::S3::Bucket', 2)
  const privateEncrypted = {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  }
  template().allResourcesProperties('AWS::S3::Bucket', privateEncrypted)
  template().hasResource('AWS::S3::Bucket', {
    Properties: {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^LakeAccessLogs') }, LogFilePrefix: 'lake/' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'raw/', ExpirationInDays: 365, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }),
          Match.objectLike({ Prefix: 'errors/', ExpirationInDays: 30 }),
          Match.objectLike({ Prefix: 'state/', ExpirationInDays: 2 }),
          Match.objectLike({ Prefix: 'athena-results/', ExpirationInDays: 7 }),
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ]),
      },
    },
    DeletionPolicy: 'Retain',
  })
  for (const [, policy] of resourcesOf(template(), 'AWS::S3::BucketPolicy')) {
    const denies = policy.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Deny')
    if (!denies.some((s: any) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false')) throw new Error('a bucket accepts plain HTTP')
  }
})

t.test('the REST API: IAM auth and request validation on every method, throttled, access-logged', async (t) => {
  template().resourceCountIs('AWS::ApiGateway::RestApi', 1)
  template().hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } })
  template().hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true })
  template().hasResourceProperties('AWS::ApiGateway::Stage', {
    StageName: 'prod',
    AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    MethodSettings: [
      Match.objectLike({ LoggingLevel: 'ERROR', ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000, MetricsEnabled: true, DataTraceEnabled: false }),
    ],
  })
  const methods = resourcesOf(template(), 'AWS::ApiGateway::Method')
  t.equal(methods.length, 9, 'four ingest routes, four report routes (totals, periods, campaigns list, metrics), predictions')
  for (const [id, p] of methods) {
    t.equal(p.AuthorizationType, 'AWS_IAM', `${id} requires SigV4`)
    t.ok(p.RequestValidatorId, `${id} is validated`)
    t.equal(p.Integration.Type, 'AWS_PROXY', `${id} is a Lambda proxy`)
  }
  const pathParts = resourcesOf(template(), 'AWS::ApiGateway::Resource')
    .map(([, p]) => p.PathPart)
    .sort()
  t.same(pathParts, ['bid', 'campaigns', 'click', 'events', 'impression', 'metrics', 'period', 'predictions', 'reports', '{campaign_item_id}'].sort())
  template().hasResourceProperties('AWS::ApiGateway::Method', {
    HttpMethod: 'GET',
    RequestParameters: { 'method.request.path.campaign_item_id': true, 'method.request.querystring.period': false },
  })
  template().resourceCountIs('AWS::ApiGateway::Model', 3) // /bid, /click, /impression take one JSON object
  template().hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'BAD_REQUEST_BODY' })
  template().hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'execute-api:Invoke' })]) },
  })
})

t.test('the outputs are named exactly UrlForAPI, UrlForReports, UrlForPredictions', async (t) => {
  const url = (suffix: string) => ({
    'Fn::Join': [
      '',
      [
        'https://',
        { Ref: Match.stringLikeRegexp('^Api') },
        '.execute-api.',
        { Ref: 'AWS::Region' },
        '.',
        { Ref: 'AWS::URLSuffix' },
        '/',
        { Ref: Match.stringLikeRegexp('^ApiDeploymentStageprod') },
        suffix,
      ],
    ],
  })
  template().hasOutput('UrlForAPI', { Value: url('/') })
  template().hasOutput('UrlForReports', { Value: url('/reports/campaigns') })
  template().hasOutput('UrlForPredictions', { Value: url('/predictions') })
  const outputs = Object.keys(template().toJSON().Outputs as object)
  t.notOk(
    outputs.some((o) => o.startsWith('ApiEndpoint')),
    'no duplicate generated endpoint output',
  )
})

t.test('the heartbeat runs every minute and compaction on its schedule', async () => {
  template().resourceCountIs('AWS::Events::Rule', 3)
  template().hasResourceProperties('AWS::Events::Rule', {
    ScheduleExpression: 'rate(1 minute)',
    Targets: [
      Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionByDescription(template(), 'Writes a heartbeat')[0], 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      }),
    ],
  })
  template().hasResourceProperties('AWS::Events::Rule', {
    ScheduleExpression: 'rate(15 minutes)',
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionByDescription(template(), 'Compacts')[0], 'Arn'] } })],
  })
})

t.test('raw_bcns: Firehose from the stream with the transformation Lambda, dt/hour partitions, GZIP', async () => {
  template().resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 4)
  template().hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
    DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsStream'), 'Arn'] } },
    ExtendedS3DestinationConfiguration: Match.objectLike({
      Prefix: 'raw/bcns/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/',
      ErrorOutputPrefix: 'errors/raw_bcns/dt=!{timestamp:yyyy-MM-dd}/!{firehose:error-output-type}/',
      CompressionFormat: 'GZIP',
      FileExtension: '.json.gz',
      DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
      BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 64 },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          {
            Type: 'Lambda',
            Parameters: Match.arrayWith([
              { ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': [functionByDescription(template(), 'Firehose transformation')[0], 'Arn'] } },
            ]),
          },
        ],
      },
    }),
  })
})

t.test('the JSON copies: encrypted DirectPut streams that split packed rows and partition them by jq over each row time column', async () => {
  for (const [dataset, column] of [
    ['impressions', 'ts'],
    ['clicks', 'ts'],
    ['aggregates', 'period'],
  ] as const) {
    template().hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `raw/${dataset}/dt=!{partitionKeyFromQuery:dt}/hour=!{partitionKeyFromQuery:hour}/`,
        CompressionFormat: 'GZIP',
        DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            { Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] },
            {
              Type: 'MetadataExtraction',
              Parameters: Match.arrayWith([{ ParameterName: 'MetadataExtractionQuery', ParameterValue: Match.stringLikeRegexp(`\\.${column} / 1000`) }]),
            },
            { Type: 'AppendDelimiterToRecord' },
          ],
        },
      }),
    })
  }
})

t.test('Glue: the database and the eight catalog tables, raw_* with partition projection', async (t) => {
  template().hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'sdp_prod' } })
  const tables = resourcesOf(template(), 'AWS::Glue::Table')
  t.same(tables.map(([, p]) => p.TableInput.Name).sort(), [...LAKE_TABLE_NAMES].sort())
  for (const [, p] of tables) {
    const { Name, Parameters, PartitionKeys } = p.TableInput
    t.equal(p.DatabaseName, 'sdp_prod')
    t.same(
      PartitionKeys.map((k: { Name: string }) => k.Name),
      ['dt', 'hour'],
      `${Name} partitions`,
    )
    if (Name.startsWith('raw_')) {
      t.match(
        Parameters,
        {
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'storage.location.template': { 'Fn::Join': ['', ['s3://', { Ref: /^LakeBucket/ }, /dt=\$\{dt\}\/hour=\$\{hour\}\/$/]] },
        },
        `${Name} projects dt and hour`,
      )
    } else {
      t.equal(Parameters['projection.enabled'], undefined, `${Name} has registered partitions (compaction swaps them)`)
    }
  }
})

t.test('Athena: a workgroup enforcing encrypted results under athena-results/', async () => {
  template().hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: 'sdp-prod',
    WorkGroupConfiguration: {
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^LakeBucket') }, '/athena-results/']] },
        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
      },
    },
  })
})

t.test('alarms on iterator age, errors, dead-letter depth and rate, and compaction failures; one dashboard', async (t) => {
  const alarms = resourcesOf(template(), 'AWS::CloudWatch::Alarm')
  const byMetric = (name: string) => alarms.filter(([, p]) => p.MetricName === name)
  t.equal(byMetric('IteratorAge').length, 4, 'iterator age of the four consumers')
  // Two windows and five minutes: 600 s windows of stage 1, the walk-in join and training, 900 s of stage 2.
  t.same(
    byMetric('IteratorAge')
      .map(([, p]) => p.Threshold)
      .sort(),
    [1_500_000, 1_500_000, 1_500_000, 2_100_000],
  )
  t.ok(byMetric('IteratorAge').every(([, p]) => p.Statistic === 'Maximum'))
  t.equal(byMetric('ApproximateNumberOfMessagesVisible').length, 4, 'depth of the four on-failure queues')
  t.equal(byMetric('Errors').length, 11, 'errors of the ten functions, plus compaction failures')
  const merge = functionByDescription(template(), 'Kinesis tumbling-window consumer: merges')[0]
  for (const metric of ['IteratorAge', 'Errors']) {
    t.ok(
      byMetric(metric).some(([id, p]) => id.startsWith('MonitoringReportingMerge') && p.Dimensions?.[0]?.Value?.Ref === merge),
      `stage 2 has its own ${metric} alarm`,
    )
  }
  t.ok(
    byMetric('ApproximateNumberOfMessagesVisible').some(
      ([id, p]) =>
        id.startsWith('MonitoringReportingMergeFailedBatches') && /^ReportingMergeConsumerFailures/.test(p.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0]),
    ),
    'stage 2 has its failed-batches alarm',
  )
  t.ok(
    alarms.some(([id]) => id.startsWith('MonitoringCompactionFailures')),
    'compaction failures alarm',
  )
  const deadLetterRate = alarms.filter(([id]) => id.startsWith('ReportingDeadLetterRate'))
  t.equal(deadLetterRate.length, 1, 'both stages, deployed as one stream aggregation, alarm on their dead-letter rate')
  t.match(deadLetterRate[0]?.[1].AlarmDescription, 'errors/reporting/ and errors/reporting-merge/', 'naming where each stage dead-letters')
  const metric = (name: string) => ({ MetricStat: { Metric: { Namespace: 'sdp', MetricName: name, Dimensions: [{ Name: 'service', Value: 'reporting' }] } } })
  t.match(deadLetterRate[0]?.[1], {
    Threshold: 0.01,
    ComparisonOperator: 'GreaterThanThreshold',
    Metrics: [{ Expression: 'IF(records > 0, deadLetters / records, 0)' }, metric('records'), metric('deadLetters')],
  })
  for (const [id, p] of alarms) t.match(p.AlarmActions, [{ Ref: /^MonitoringAlarmTopic/ }], `${id} notifies the topic`)
  template().resourceCountIs('AWS::CloudWatch::Dashboard', 1)
  template().hasResourceProperties('AWS::SNS::Topic', { DisplayName: Match.anyValue() })
})

t.test('least privilege: no wildcard actions, no "*" resources, each role only what its handler calls', async (t) => {
  const documents = [
    ...resourcesOf(template(), 'AWS::IAM::Policy').map(([id, p]) => [id, p.PolicyDocument] as const),
    ...resourcesOf(template(), 'AWS::IAM::ManagedPolicy').map(([id, p]) => [id, p.PolicyDocument] as const),
  ]
  for (const [id, doc] of documents) {
    for (const s of doc.Statement) {
      for (const action of ([] as string[]).concat(s.Action)) t.notOk(action.includes('*'), `${id}: ${action}`)
      for (const resource of [].concat(s.Resource)) t.not(resource, '*', `${id} names its resources`)
    }
  }
  const logs = ['logs:CreateLogStream', 'logs:PutLogEvents']
  t.same(actionsOf('POST /bid'), [...logs, 'kinesis:PutRecord', 'kinesis:PutRecords'].sort())
  t.same(
    actionsOf('GET /reports'),
    [...logs, 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 's3:GetObject', 's3:ListBucket'].sort(),
    'reads by key, never Scan',
  )
  t.same(actionsOf('Writes a heartbeat'), [...logs, 'kinesis:ListShards', 'kinesis:PutRecords'].sort())
  t.same(actionsOf('POST /predictions'), [...logs, 's3:GetObject', 's3:ListBucket'].sort())
  t.same(actionsOf('Firehose transformation'), [...logs, 's3:PutObject'].sort())
  t.same(
    actionsOf('Kinesis tumbling-window consumer: joins').filter((a) => a.startsWith('dynamodb:')),
    [],
    'stage 1 never touches the table',
  )
  t.same(
    actionsOf('Kinesis tumbling-window consumer: joins').filter((a) => a.startsWith('glue:') || a.startsWith('firehose:')),
    ['firehose:PutRecordBatch', 'glue:CreatePartition'],
    'the lake sink: JSON copies through Firehose, new parquet_* partitions in Glue',
  )
  t.same(
    actionsOf('Compacts').filter((a) => a.startsWith('glue:')),
    ['glue:CreatePartition', 'glue:UpdatePartition'],
  )

  const [, window] = functionByDescription(template(), 'Kinesis tumbling-window consumer: joins')
  const listing = statementsOf(window).find((s) => s.Action === 's3:ListBucket')
  t.same(listing?.Condition, { StringLike: { 's3:prefix': ['state/reporting/*'] } }, 'the window lists only its state prefix')
})

t.test('stage 1 writes the partials stream; stage 2 reads it, owns its lake prefixes and only puts results', async (t) => {
  const [, window] = functionByDescription(template(), 'Kinesis tumbling-window consumer: joins')
  const [, merge] = functionByDescription(template(), 'Kinesis tumbling-window consumer: merges')
  const partials = { 'Fn::GetAtt': [Match.stringLikeRegexp('^PartialsStream'), 'Arn'] }
  const on = (statements: Record<string, any>[], resource: unknown): string[] =>
    statements
      .filter((s) => ([] as unknown[]).concat(s.Resource).some((r) => Match.objectLike(resource as object).test(r).isSuccess))
      .flatMap((s) => [].concat(s.Action))
      .sort()
  t.same(on(statementsOf(window), partials), ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'], 'stage 1: grantWrite on the partials stream')

  const mergeOnPartials = on(statementsOf(merge), partials)
  for (const action of ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:DescribeStreamSummary']) {
    t.ok(mergeOnPartials.includes(action), `stage 2 may ${action} on the partials stream`)
  }
  t.notOk(
    mergeOnPartials.some((a) => a.startsWith('kinesis:Put')),
    'stage 2 does not write the partials stream',
  )
  t.same(
    on(statementsOf(merge), { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportingAggregates'), 'Arn'] }),
    ['dynamodb:PutItem'],
    'stage 2: conditional PutItem on the results table, nothing else',
  )
  t.same(
    actionsOf('Kinesis tumbling-window consumer: merges').filter((a) => a.startsWith('dynamodb:')),
    ['dynamodb:PutItem'],
  )

  const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^LakeBucket'), 'Arn'] }, `/${prefix}*`]] })
  t.same(on(statementsOf(merge), objects('state/reporting-merge/')), ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], 'its state')
  t.same(on(statementsOf(merge), objects('errors/reporting-merge/')), ['s3:PutObject'], 'its dead letters')
  const listing = statementsOf(merge).filter((s) => s.Action === 's3:ListBucket')
  t.same(
    listing.map((s) => s.Condition),
    [{ StringLike: { 's3:prefix': ['state/reporting-merge/*'] } }],
    'lists only its state prefix',
  )
  t.same(
    [...new Set(actionsOf('Kinesis tumbling-window consumer: merges').filter((a) => a.startsWith('s3:')))],
    ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
    'no S3 access beyond those two prefixes',
  )
  t.same(
    actionsOf('Kinesis tumbling-window consumer: merges').filter((a) => /^(glue|firehose):/.test(a)),
    [],
    'no lake sink in stage 2',
  )
})

t.test('walk-ins: stage 1 forwards to a stream keyed by app_uid, whose consumer joins and sends counts to stage 2', async (t) => {
  const tpl = template()
  const [walkIns] = functionByDescription(tpl, 'Walk-in join')
  const [window] = functionByDescription(tpl, 'Kinesis tumbling-window consumer: joins and counts events')
  t.ok(walkIns && window, 'both functions exist')
  const functions = Object.fromEntries(resourcesOf(tpl, 'AWS::Lambda::Function'))
  const walkInStream = functions[window]?.Environment?.Variables?.WALKIN_STREAM
  t.match(walkInStream, { Ref: /^WalkInsStream/ }, 'stage 1 is told the walk-in stream')
  t.same(functions[walkIns]?.Environment?.Variables?.WALKIN_STREAM, walkInStream, 'the join reads the same stream')
  t.ok(functions[walkIns]?.Environment?.Variables?.PARTIALS_STREAM, 'and writes the partials stream')
  const mappings = resourcesOf(tpl, 'AWS::Lambda::EventSourceMapping').filter(([, p]) => p.FunctionName?.Ref === walkIns)
  t.equal(mappings.length, 1)
  t.match(mappings[0]?.[1], { TumblingWindowInSeconds: Number, BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'] })
})
