import { FieldType } from './FieldType.js'
import {
  checkAppUid,
  checkLatitude,
  checkLongitude,
  checkCount,
  checkEpochMillis,
  checkInteger,
  checkNonEmptyString,
  checkNumber,
  checkString,
  checkTxId,
} from './fieldChecks.js'

/** `tx_id`: non-empty, at most 256 characters (it is the Kinesis partition key). */
export const TxId = new FieldType<string>('TxId', checkTxId)
/** Any string, empty included. */
export const Text = new FieldType<string>('string', checkString)
/** A string with at least one character. */
export const NonEmptyText = new FieldType<string>('NonEmptyString', checkNonEmptyString)
/** A finite number. */
export const FiniteNumber = new FieldType<number>('number', checkNumber)
/** A safe integer (|n| ≤ 2^53 − 1), so it survives JSON and JavaScript unchanged. */
export const SafeInteger = new FieldType<number>('integer', checkInteger)
/** A safe integer ≥ 0. */
export const Count = new FieldType<number>('Count', checkCount)
/** Epoch milliseconds: a safe integer ≥ 0. */
export const EpochMillis = new FieldType<number>('EpochMillis', checkEpochMillis)
/** `app_uid` of a location ping: non-empty, at most 256 characters (its Kinesis partition key). */
export const AppUid = new FieldType<string>('AppUid', checkAppUid)
/** Degrees of longitude, −180 to 180. */
export const Longitude = new FieldType<number>('Longitude', checkLongitude)
/** Degrees of latitude, −90 to 90. */
export const Latitude = new FieldType<number>('Latitude', checkLatitude)
