import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ModelStatus } from './responses.js'

/** Where the ML trainer publishes the pointer to the newest bid-win model version (ml/README.md). */
export const MODEL_POINTER_KEY = 'models/bid-win/latest.json'

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString())

/**
 * Reads the `latest.json` pointer leniently: the version id is required, every other figure is
 * shown when present and null otherwise, so a newer pointer format still displays.
 */
export function parseModelPointer(text: string, lastModified?: Date): ModelStatus {
  let v: Record<string, unknown>
  try {
    v = JSON.parse(text) as Record<string, unknown>
  } catch {
    return { status: 'unavailable', message: `${MODEL_POINTER_KEY} is not JSON` }
  }
  if (typeof v !== 'object' || v === null || typeof v.id !== 'string') return { status: 'unavailable', message: `${MODEL_POINTER_KEY} names no version id` }
  const m = (typeof v.metrics === 'object' && v.metrics !== null ? v.metrics : {}) as Record<string, unknown>
  return {
    status: 'ready',
    version: v.id,
    examples: num(v.examples),
    event_time: iso(num(v.eventTime)),
    updated_at: lastModified ? lastModified.toISOString() : null,
    metrics: {
      examples: num(m.examples),
      win_rate: num(m.winRate),
      auc: num(m.auc),
      log_loss: num(m.logLoss),
      baseline_log_loss: num(m.baselineLogLoss),
    },
  }
}

/** The model's status from the lake bucket: `none` when no version was published yet. */
export async function readModelStatus(s3: Pick<S3Client, 'send'>, bucket: string, key = MODEL_POINTER_KEY): Promise<ModelStatus> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    const text = (await object.Body?.transformToString('utf8')) ?? ''
    return parseModelPointer(text, object.LastModified)
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }
    if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) {
      return { status: 'none', message: 'no model yet: the first version is published once bids have won or timed out' }
    }
    return { status: 'unavailable', message: `the model pointer could not be read: ${e.message ?? String(error)}` }
  }
}
