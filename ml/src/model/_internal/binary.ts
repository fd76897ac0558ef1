/** Exact, compact, JSON-safe number columns: little-endian typed arrays in base64. */

/** Unsigned 32-bit integers as base64 (4 bytes each, little-endian). */
export function encodeUint32(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4))
  values.forEach((v, i) => view.setUint32(i * 4, v, true))
  return Buffer.from(view.buffer).toString('base64')
}

/** Doubles as base64 (8 bytes each, little-endian): every bit kept, unlike a decimal rendering could promise. */
export function encodeFloat64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 8))
  values.forEach((v, i) => view.setFloat64(i * 8, v, true))
  return Buffer.from(view.buffer).toString('base64')
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Decodes a base64 column of `count` values of `width` bytes; undefined when it is not exactly that. */
export function decodeColumn(text: unknown, count: number, width: 4 | 8): number[] | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) return undefined
  const bytes = Buffer.from(text, 'base64')
  if (bytes.length !== count * width) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = width === 4 ? view.getUint32(i * 4, true) : view.getFloat64(i * 8, true)
  return out
}
