/** A char above 0x7f in the one-char-per-byte string `atob` returns: a byte that is not ASCII. */
const NOT_ASCII = /[\x80-\xff]/

/**
 * The UTF-8 text of a Kinesis record's base64 `data`, or undefined when `data` is not a base64
 * string. `atob` decodes one char per byte, much faster than
 * `Buffer.from(data, 'base64').toString('utf8')` on Node 20 (`npm run bench`: the engine suite's
 * `floor` against its `bufferFloor`); that is the UTF-8 text exactly when every byte is ASCII, so
 * data with any other byte is decoded again as UTF-8 (invalid sequences become U+FFFD, as with
 * `Buffer`). Unlike `Buffer`, which skips characters outside the alphabet, `atob` refuses them:
 * such data is not base64.
 *
 * @example decodeRecordData('eyJ0cyI6MX0=') // '{"ts":1}'
 */
export function decodeRecordData(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined
  let bytes: string
  try {
    bytes = atob(data)
  } catch {
    return undefined
  }
  return NOT_ASCII.test(bytes) ? Buffer.from(data, 'base64').toString('utf8') : bytes
}
