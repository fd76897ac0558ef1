import t from 'tap'
import fc from 'fast-check'
import { decodeRecordData } from '../../src/lambda/decodeRecordData.js'

const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64')

t.test('any text comes back exactly, ASCII or not', async () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => decodeRecordData(base64(text)) === text))
})

t.test('any bytes decode as Buffer decodes them as UTF-8, invalid sequences included', async () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodeRecordData(base64(bytes)) === Buffer.from(bytes).toString('utf8')))
})

t.test('examples: ASCII, non-ASCII, empty, invalid UTF-8', async (t) => {
  t.equal(decodeRecordData('eyJ0cyI6MX0='), '{"ts":1}')
  t.equal(decodeRecordData(base64('{"domain":"bücher.de","emoji":"🙂"}')), '{"domain":"bücher.de","emoji":"🙂"}')
  t.equal(decodeRecordData(''), '')
  t.equal(decodeRecordData(base64(Uint8Array.of(0x7b, 0xff, 0x7d))), '{\ufffd}')
})

t.test('data that is not a base64 string gives undefined', async (t) => {
  for (const bad of ['not base64!', 'eyJ0cyI6MX0=eyJ', 'a', '{"ts":1}', 'ey J0'.repeat(3) + '\u00e9', 12, undefined, null, {}]) {
    t.equal(decodeRecordData(bad), undefined, JSON.stringify(bad))
  }
})
