import { Duration } from 'aws-cdk-lib'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { Construct } from 'constructs'
import { LAKE_PREFIXES, STREAM_CONSUMER_NODE_OPTIONS } from '../constants.js'
import type { StackSettings } from '../settings.js'
import type { DataLake } from './DataLake.js'
import { HandlerFunction } from './HandlerFunction.js'
import type { PlatformApi } from './PlatformApi.js'
import { TumblingWindowConsumer } from '@sdp/cdk-constructs'

/** Props of {@link BidWinModel}. */
export interface BidWinModelProps {
  readonly api: PlatformApi
  readonly stream: kinesis.IStream
  readonly lake: DataLake
  readonly settings: Pick<
    StackSettings,
    | 'windowSeconds'
    | 'batchSize'
    | 'maxBatchingWindowSeconds'
    | 'bidSessionTimeoutSeconds'
    | 'watermarkBoundSeconds'
    | 'predictionThreshold'
    | 'featureHashBits'
    | 'ftrlAlpha'
    | 'ftrlBeta'
    | 'ftrlL1'
    | 'ftrlL2'
  >
}

/** Lake prefixes of the training consumer. */
const STATE_PREFIX = `${LAKE_PREFIXES.state}ml-bid-win/`
const ERRORS_PREFIX = `${LAKE_PREFIXES.errors}ml-training/`

/**
 * The continuously trained bid-win model: the training Lambda on its own tumbling-window event
 * source of the stream (join state under `state/ml-bid-win/`, snapshots under `models/bid-win/`),
 * and `POST /predictions`, whose Lambda may only read the model.
 */
export class BidWinModel extends Construct {
  readonly train: HandlerFunction
  readonly consumer: TumblingWindowConsumer
  readonly predict: HandlerFunction

  constructor(scope: Construct, id: string, props: BidWinModelProps) {
    super(scope, id)
    const { lake, stream, settings } = props
    this.train = new HandlerFunction(this, 'Train', {
      handler: 'train',
      description: 'Kinesis tumbling-window consumer: trains the bid-win model online (FTRL) from joined bids',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        LAKE_BUCKET: lake.bucket.bucketName,
        STREAM_NAME: stream.streamName,
        BID_SESSION_TIMEOUT_SECONDS: String(settings.bidSessionTimeoutSeconds),
        WATERMARK_BOUND_SECONDS: String(settings.watermarkBoundSeconds),
        FEATURE_HASH_BITS: String(settings.featureHashBits),
        FTRL_ALPHA: String(settings.ftrlAlpha),
        FTRL_BETA: String(settings.ftrlBeta),
        FTRL_L1: String(settings.ftrlL1),
        FTRL_L2: String(settings.ftrlL2),
      },
    })
    const owned = [STATE_PREFIX, LAKE_PREFIXES.models]
    lake.grantObjects(this.train.role, owned, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    lake.grantList(this.train.role, owned)
    lake.grantObjects(this.train.role, [ERRORS_PREFIX], ['s3:PutObject'])
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream,
      fn: this.train.fn,
      windowSeconds: settings.windowSeconds,
      batchSize: settings.batchSize,
      maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
    })

    this.predict = new HandlerFunction(this, 'Predict', {
      handler: 'predict',
      description: 'POST /predictions: scores bids with the latest bid-win model',
      memorySize: 512,
      timeout: Duration.seconds(15),
      environment: {
        LAKE_BUCKET: lake.bucket.bucketName,
        PREDICTION_THRESHOLD: String(settings.predictionThreshold),
      },
    })
    lake.grantObjects(this.predict.role, [LAKE_PREFIXES.models], ['s3:GetObject'])
    // Listing lets a missing model read as 404 (a clear 503 "no model yet"), not 403.
    lake.grantList(this.predict.role, [LAKE_PREFIXES.models])
    props.api.addRoute('POST', '/predictions', this.predict.fn)
  }
}
