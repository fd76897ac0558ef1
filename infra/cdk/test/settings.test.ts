import { App } from 'aws-cdk-lib'
import { Match } from 'aws-cdk-lib/assertions'
import t from 'tap'
import { contextArgs } from '../lib/contextArgs.js'
import { createApp } from '../lib/createApp.js'
import { SettingsError } from '../lib/errors.js'
import { DEFAULT_SETTINGS, readSettings } from '../lib/settings.js'
import { buildApp, functionByDescription } from './synthesize.js'

const read = (context: Record<string, unknown>) => readSettings(new App({ context }).node)

t.test('no context gives the documented defaults', async (t) => {
  t.same(read({}), DEFAULT_SETTINGS)
  t.match(DEFAULT_SETTINGS, {
    stageName: 'prod',
    streamMode: 'on-demand',
    windowSeconds: 600,
    mergeMaxBatchingWindowSeconds: 1,
    aggregationPeriodSeconds: 60,
    compactionTargetMb: 128,
  })
  t.match(DEFAULT_SETTINGS, {
    partialsStreamMode: 'provisioned',
    partialsShardCount: 1,
    mergeWindowSeconds: 900,
    mergeBatchSize: 10_000,
    mergeMaxBatchingWindowSeconds: 1,
  })
})

t.test('the partials stream and stage 2 have settings of their own', async (t) => {
  t.match(read({ partialsShardCount: '3', mergeWindowSeconds: '30', mergeBatchSize: 200, mergeMaxBatchingWindowSeconds: '0' }), {
    partialsStreamMode: 'provisioned',
    partialsShardCount: 3,
    mergeWindowSeconds: 30,
    mergeBatchSize: 200,
    mergeMaxBatchingWindowSeconds: 0,
    windowSeconds: 600,
  })
  t.match(read({ partialsStreamMode: 'on-demand', streamMode: 'provisioned', shardCount: 2 }), {
    partialsStreamMode: 'on-demand',
    streamMode: 'provisioned',
    shardCount: 2,
  })
})

t.test('numbers may come as numbers (cdk.json) or numeric strings (-c name=value)', async (t) => {
  t.match(read({ windowSeconds: 120, batchSize: '500', predictionThreshold: '0.7', streamMode: 'provisioned', shardCount: '4' }), {
    windowSeconds: 120,
    batchSize: 500,
    predictionThreshold: 0.7,
    streamMode: 'provisioned',
    shardCount: 4,
  })
})

t.test('a bad value throws a SettingsError naming the setting, its rule and the value', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ windowSeconds: 0 }, /windowSeconds must be a whole number from 1 to 900, got 0/],
    [{ windowSeconds: 901 }, /windowSeconds must be a whole number from 1 to 900, got 901/],
    [{ windowSeconds: 'sixty' }, /windowSeconds .* got "sixty"/],
    [{ windowSeconds: 1.5 }, /windowSeconds must be a whole number/],
    [{ batchSize: 10_001 }, /batchSize must be a whole number from 1 to 10000/],
    [{ maxBatchingWindowSeconds: 301 }, /maxBatchingWindowSeconds/],
    [{ aggregationPeriodSeconds: -60 }, /aggregationPeriodSeconds/],
    [{ bidSessionTimeoutSeconds: '' }, /bidSessionTimeoutSeconds .* got ""/],
    [{ clickSessionTimeoutSeconds: true }, /clickSessionTimeoutSeconds .* got true/],
    [{ compactionTargetMb: 0 }, /compactionTargetMb/],
    [{ streamRetentionHours: 12 }, /streamRetentionHours must be a whole number from 24 to 8760/],
    [{ streamMode: 'fast' }, /streamMode must be "on-demand" or "provisioned", got "fast"/],
    [{ shardCount: 2 }, /shardCount applies only with streamMode "provisioned"/],
    [{ streamMode: 'provisioned', shardCount: 0 }, /shardCount must be a whole number from 1/],
    [{ partialsStreamMode: 'fast' }, /partialsStreamMode must be "on-demand" or "provisioned", got "fast"/],
    [{ partialsStreamMode: 'on-demand', partialsShardCount: 2 }, /partialsShardCount applies only with partialsStreamMode "provisioned"/],
    [{ partialsShardCount: 0 }, /partialsShardCount must be a whole number from 1 to 10000, got 0/],
    [{ partialsShardCount: 'two' }, /partialsShardCount .* got "two"/],
    [{ mergeWindowSeconds: 0 }, /mergeWindowSeconds must be a whole number from 1 to 900, got 0/],
    [{ mergeWindowSeconds: 901 }, /mergeWindowSeconds must be a whole number from 1 to 900, got 901/],
    [{ mergeBatchSize: 10_001 }, /mergeBatchSize must be a whole number from 1 to 10000, got 10001/],
    [{ mergeBatchSize: 2.5 }, /mergeBatchSize must be a whole number/],
    [{ mergeMaxBatchingWindowSeconds: -1 }, /mergeMaxBatchingWindowSeconds must be a whole number from 0 to 300, got -1/],
    [{ mergeMaxBatchingWindowSeconds: 301 }, /mergeMaxBatchingWindowSeconds must be a whole number from 0 to 300/],
    [{ stageName: 'my stage' }, /stageName must be 1-128 letters, digits, hyphens or underscores, got "my stage"/],
    [{ stageName: 7 }, /stageName .* got 7/],
    [{ predictionThreshold: 1 }, /predictionThreshold must be strictly between 0 and 1, got 1/],
    [{ predictionThreshold: 'half' }, /predictionThreshold must be a number, got "half"/],
    [{ featureHashBits: 31 }, /featureHashBits must be a whole number from 1 to 30/],
    [{ ftrlAlpha: 0 }, /ftrlAlpha must be a number > 0, got 0/],
    [{ ftrlL1: -1 }, /ftrlL1 must be a number >= 0/],
  ]
  for (const [context, message] of cases) {
    t.throws(() => read(context), { name: 'SettingsError', message }, JSON.stringify(context))
  }
})

t.test('the app refuses bad context before building anything', async (t) => {
  t.throws(() => createApp({ context: { windowSeconds: 1000 } }), SettingsError)
})

t.test('settings land in the template as literal values, never as parameters', async (t) => {
  const { template } = buildApp(t, {
    stageName: 'dev',
    streamMode: 'provisioned',
    shardCount: '4',
    streamRetentionHours: 72,
    windowSeconds: '120',
    batchSize: 250,
    maxBatchingWindowSeconds: 0,
    partialsStreamMode: 'on-demand',
    mergeWindowSeconds: 30,
    mergeBatchSize: '100',
    mergeMaxBatchingWindowSeconds: 2,
    allowedLatenessSeconds: 3600,
    aggregationPeriodSeconds: 300,
    bidSessionTimeoutSeconds: 600,
    clickSessionTimeoutSeconds: 900,
    compactionTargetMb: 256,
    compactionScheduleMinutes: 30,
    predictionThreshold: 0.8,
  })
  template().hasResourceProperties('AWS::Kinesis::Stream', {
    StreamModeDetails: { StreamMode: 'PROVISIONED' },
    ShardCount: 4,
    RetentionPeriodHours: 72,
  })
  template().hasResourceProperties('AWS::Kinesis::Stream', {
    StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    ShardCount: Match.absent(),
    RetentionPeriodHours: 72,
  })
  const mapping = (description: string) => ({ FunctionName: { Ref: functionByDescription(template(), description)[0] } })
  for (const stage1 of ['Kinesis tumbling-window consumer: joins', 'Kinesis tumbling-window consumer: trains']) {
    template().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ...mapping(stage1),
      TumblingWindowInSeconds: 120,
      BatchSize: 250,
      MaximumBatchingWindowInSeconds: 0,
    })
  }
  template().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    ...mapping('Kinesis tumbling-window consumer: merges'),
    TumblingWindowInSeconds: 30,
    BatchSize: 100,
    MaximumBatchingWindowInSeconds: 2,
  })
  template().hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'IteratorAge',
    Dimensions: [mapping('Kinesis tumbling-window consumer: merges').FunctionName].map((Value) => ({ Name: 'FunctionName', Value })),
    Threshold: 2 * 30_000 + 300_000,
  })
  template().hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev' })
  template().hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'sdp_dev' } })
  template().hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'sdp-dev' })
  template().hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' })
  template().hasResourceProperties('AWS::S3::Bucket', {
    LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'state/', ExpirationInDays: 4 })]) },
  })
  const env = (description: string) => functionByDescription(template(), description)[1].Environment.Variables
  t.match(env('Kinesis tumbling-window consumer: joins'), {
    AGGREGATION_PERIOD_SECONDS: '300',
    BID_SESSION_TIMEOUT_SECONDS: '600',
    CLICK_SESSION_TIMEOUT_SECONDS: '900',
    ALLOWED_LATENESS_SECONDS: '3600',
  })
  t.match(env('Kinesis tumbling-window consumer: merges'), { ALLOWED_LATENESS_SECONDS: '3600' })
  t.match(env('Kinesis tumbling-window consumer: trains'), { BID_SESSION_TIMEOUT_SECONDS: '600' })
  t.match(env('Compacts'), { COMPACTION_TARGET_MB: '256', GLUE_DATABASE: 'sdp_dev' })
  t.match(env('POST /predictions'), { PREDICTION_THRESHOLD: '0.8' })
  const parameters = Object.keys((template().toJSON().Parameters ?? {}) as object)
  t.same(parameters, ['BootstrapVersion'], 'only the bootstrap check is a parameter')
})

t.test('command-line -c name=value pairs become context, as with the CDK CLI', async (t) => {
  t.same(contextArgs([]), {})
  t.same(contextArgs(['-c', 'windowSeconds=120', '--context', 'stageName=a=b']), { windowSeconds: '120', stageName: 'a=b' })
  t.throws(() => contextArgs(['windowSeconds=120']), { name: 'SettingsError', message: /-c name=value/ })
  t.throws(() => contextArgs(['-c']), SettingsError)
  t.match(read(contextArgs(['-c', 'windowSeconds=120'])), { windowSeconds: 120 })
})
