// Public API of @sdp/ml. Everything exported is listed by name.
export { MlError, ModelFormatError, ModelStoreError } from './errors.js'
export { MODEL_PREFIX, ML_DEFAULTS, JOIN_SLOTS, JOIN_SLOT_MS } from './constants.js'
export type { TrainingConfig, PredictionConfig } from './config.js'
export { trainingConfigFromEnv, predictionConfigFromEnv, DEFAULT_TRAINING_CONFIG } from './config.js'

// Features and model
export type { BidFeatures, SparseVector } from './features/BidFeatures.js'
export type { FeatureConfig } from './features/featurize.js'
export { featurize, scalePrice, checkFeatureConfig } from './features/featurize.js'
export { bidFeaturesOf } from './features/bidFeaturesOf.js'
export type { FtrlConfig } from './model/FtrlConfig.js'
export { checkFtrlConfig } from './model/FtrlConfig.js'
export type { FtrlModelOptions, RestoreFtrlResult } from './model/FtrlModel.js'
export { FtrlModel } from './model/FtrlModel.js'
export { combineModels } from './model/combineModels.js'
export type { RestoreBidWinResult } from './model/BidWinModel.js'
export { BidWinModel } from './model/BidWinModel.js'

// Evaluation
export { auc } from './evaluation/auc.js'
export { logLoss, exampleLogLoss, LOG_LOSS_EPSILON } from './evaluation/logLoss.js'
export type { ValidationSummary, RestoreValidationResult } from './evaluation/ProgressiveValidation.js'
export { ProgressiveValidation } from './evaluation/ProgressiveValidation.js'
export type {
  SyntheticBid,
  SyntheticImpression,
  SyntheticTransaction,
  SyntheticWorldOptions,
  TransactionOptions,
  SyntheticBidWorld,
} from './evaluation/syntheticBids.js'
export { syntheticBidWorld } from './evaluation/syntheticBids.js'
export type { GroundTruthTolerance, GroundTruthComparison } from './evaluation/compareToGroundTruth.js'
export { compareToGroundTruth } from './evaluation/compareToGroundTruth.js'
export { isHeldOut } from './evaluation/isHeldOut.js'

// The training job, store and trainer
export type { TrainingExample } from './job/TrainingExample.js'
export type { BidWinJobConfig } from './job/bidWinJob.js'
export { bidWinJob } from './job/bidWinJob.js'
export type { StoredBatch, StoredShardSnapshot } from './store/ModelRepository.js'
export { ModelRepository } from './store/ModelRepository.js'
export type { ShardSnapshot } from './store/ShardSnapshot.js'
export type { Composition, VersionInfo, ModelVersion, LatestPointer } from './store/ModelVersion.js'
export { versionId, sameComposition } from './store/versionId.js'
export type { ShardTrainerOptions, TrainingReport } from './training/ShardTrainer.js'
export { ShardTrainer } from './training/ShardTrainer.js'
export type { TrainingWindowDependencies } from './training/createTrainingWindowHandler.js'
export { createTrainingWindowHandler } from './training/createTrainingWindowHandler.js'

// Predictions API
export type { PredictionRequest } from './predict/parsePredictionRequest.js'
export { parsePredictionRequest, MAX_PREDICTION_ITEMS } from './predict/parsePredictionRequest.js'
export type { ServedModel, ModelCacheOptions } from './predict/ModelCache.js'
export { ModelCache } from './predict/ModelCache.js'
export type { PredictHandlerDependencies } from './predict/createPredictHandler.js'
export { createPredictHandler } from './predict/createPredictHandler.js'
