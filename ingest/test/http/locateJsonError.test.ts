import t from 'tap'
import fc from 'fast-check'
import { locateJsonError } from '../../src/http/locateJsonError.js'

const parses = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

// JSON texts with one or two characters inserted, deleted or replaced: mostly broken, sometimes not.
const damaged = fc
  .tuple(
    fc.json({ maxDepth: 3 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...'{}[],:"\\ \n\tx01-.eE+tfnu\u0001'.split(''))), {
      minLength: 1,
      maxLength: 2,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((s, [at, edit, c]) => {
      const i = s.length === 0 ? 0 : at % (s.length + 1)
      return edit === 'insert' ? s.slice(0, i) + c + s.slice(i) : edit === 'delete' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i + 1)
    }, text),
  )

t.test('finds an error exactly when JSON.parse refuses the text', async (t) => {
  let broken = 0
  fc.assert(
    fc.property(fc.oneof(fc.json(), damaged, fc.string({ maxLength: 12 })), (text) => {
      const error = locateJsonError(text)
      if (error !== undefined) broken++
      return (error === undefined) === parses(text) && (error === undefined || (error.position >= 0 && error.position <= text.length))
    }),
    { numRuns: 5000 },
  )
  t.ok(broken > 1000, `${broken} broken texts located`)
})

t.test('says where and what', async (t) => {
  t.match(locateJsonError('{"a":1,}'), { position: 7, line: 1, column: 8, reason: /property name/ })
  t.match(locateJsonError('[1,\n x]'), { line: 2, column: 2, reason: `unexpected character "x": a value is expected` })
  t.match(locateJsonError('{"a": tru}'), { column: 7 })
  t.match(locateJsonError('{"a": "b'), { column: 7, reason: 'unterminated string' })
  t.match(locateJsonError('{"a": 01}'), { column: 8, reason: /',' or '}'/ })
  t.match(locateJsonError('{} {}'), { column: 4, reason: /after the JSON value/ })
  t.match(locateJsonError(''), { position: 0, reason: /end of input/ })
  t.equal(locateJsonError(' {"a": [1, -2.5e3, true, null, "\\u00e9"]} '), undefined)
})

t.test('does not overflow the stack on deep nesting', async (t) => {
  t.match(locateJsonError('['.repeat(200_000)), { position: 200_000, reason: /end of input/ })
})
