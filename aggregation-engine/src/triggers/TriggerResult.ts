/**
 * What a trigger decides for a (key, window), returned as a value (Flink's `TriggerResult`):
 * - `CONTINUE`: do nothing;
 * - `FIRE`: emit the window's current result and keep its contents;
 * - `PURGE`: drop the window's contents (its trigger state and timers stay);
 * - `FIRE_AND_PURGE`: emit, then drop the contents.
 */
export type TriggerResult = 'CONTINUE' | 'FIRE' | 'PURGE' | 'FIRE_AND_PURGE'

/** Whether the decision emits the window's result (`FIRE` or `FIRE_AND_PURGE`). */
export function triggerFires(result: TriggerResult): boolean {
  return result === 'FIRE' || result === 'FIRE_AND_PURGE'
}

/** Whether the decision drops the window's contents (`PURGE` or `FIRE_AND_PURGE`). */
export function triggerPurges(result: TriggerResult): boolean {
  return result === 'PURGE' || result === 'FIRE_AND_PURGE'
}
