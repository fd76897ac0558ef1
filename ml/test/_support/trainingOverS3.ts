/** The training window handler over a real local S3 (s3rver), its log lines kept for the test. */
import type { Test } from 'tap'
import { createTelemetry } from '@sdp/service-kit'
import { createTrainingWindowHandler } from '../../src/training/createTrainingWindowHandler.js'
import type { TrainingConfig } from '../../src/config.js'
import { startS3 } from '../../../test-support/localServices.js'

/**
 * An s3rver closed at the test's end, and `make` building a training handler over it with
 * `config`, no ancestor shards, and every log line pushed to `logs`.
 */
export async function trainingOverS3(t: Test, config: TrainingConfig) {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const logs: Array<Record<string, unknown>> = []
  const make = () =>
    createTrainingWindowHandler({
      s3: s3.s3,
      bucket: s3.bucket,
      config,
      ancestors: async () => [],
      telemetry: createTelemetry({ serviceName: 'ml', logSink: (e) => void logs.push(e), metricSink: () => {} }),
    })
  return { s3, logs, make }
}
