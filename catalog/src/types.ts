/**
 * One bad field and why, in words a client can act on:
 * `{ field: 'campaign_item_id', message: 'must be an integer' }`.
 * `field` is `'$'` when the value as a whole is wrong (not a JSON object).
 */
export interface FieldError {
  readonly field: string
  readonly message: string
}

/** The result of validating an unknown value against a schema: the typed value, or every bad field. */
export type Validation<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly errors: readonly FieldError[] }

/** An event whose `ts` is known: what ingest writes to the stream (it stamps `ts` when the client omits it). */
export type Stamped<E extends { ts?: number }> = E & { ts: number }
