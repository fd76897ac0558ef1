import * as t from 'io-ts'
import type { Stamped } from '../types.js'
import type { AdEvent } from './AdEvent.js'
import { bidCodecs } from './Bid.js'
import { clickCodecs } from './Click.js'
import { Heartbeat } from './Heartbeat.js'
import { impressionCodecs } from './Impression.js'
import { locationCodecs, type StampedLocation } from './Location.js'

/** An ad event as the stream carries it: `type` and `ts` always present (ingest stamps `ts`). */
export type StampedAdEvent = Stamped<AdEvent>

/**
 * Any record on the stream: a stamped ad event (`type` and `ts` required), a stamped location ping or a heartbeat. io-ts
 * codec, the reference for the fast `parseStreamRecord` guard, which accepts exactly what this
 * codec accepts and returns the same value.
 */
export const StreamRecord = t.union([bidCodecs.stamped, impressionCodecs.stamped, clickCodecs.stamped, locationCodecs.stamped, Heartbeat], 'StreamRecord')
/** A decoded stream record. */
export type StreamRecord = StampedAdEvent | StampedLocation | Heartbeat
