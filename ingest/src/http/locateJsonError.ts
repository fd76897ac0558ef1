/** Where a JSON text first breaks the grammar, and how. */
export interface JsonSyntaxError {
  /** Offset in UTF-16 code units from the start of the text. */
  readonly position: number
  /** 1-based line and column (column in UTF-16 code units). */
  readonly line: number
  readonly column: number
  /** What is wrong there, e.g. `expected ',' or '}' after a property value`. */
  readonly reason: string
}

type State = 'value' | 'key' | 'after'

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
const isDigit = (c: number) => c >= 0x30 && c <= 0x39
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or `undefined` when it is valid.
 * `JSON.parse` does not always say where it failed ("Unexpected token 'x', ... is not valid JSON"),
 * so ingest runs this — only after `JSON.parse` has thrown — to tell the client the line and
 * column. Iterative, so deep nesting cannot overflow the stack.
 */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const n = text.length
  const stack: number[] = [] // the closing character code each open container waits for
  let i = 0
  let state: State = 'value'
  const fail = (reason: string, at = i): JsonSyntaxError => {
    const before = text.slice(0, at)
    const lineStart = before.lastIndexOf('\n') + 1
    return { position: at, line: before.split('\n').length, column: at - lineStart + 1, reason }
  }
  const found = () => (i >= n ? 'end of input' : `character ${JSON.stringify(text[i])}`)
  const skipWhitespace = () => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++
  }
  const readString = (): JsonSyntaxError | undefined => {
    const start = i
    i++
    for (;;) {
      if (i >= n) return fail('unterminated string', start)
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return undefined
      }
      if (c < 0x20) return fail('control character in a string (escape it)')
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!isHex(text.charCodeAt(i + k))) return fail('invalid \\u escape in a string')
          i += 6
          continue
        }
        if (e === undefined || !ESCAPES.has(e)) return fail('invalid escape in a string')
        i += 2
        continue
      }
      i++
    }
  }
  const readNumber = (): JsonSyntaxError | undefined => {
    const start = i
    if (text.charCodeAt(i) === 0x2d) i++
    if (text.charCodeAt(i) === 0x30) i++
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++
    else return fail('invalid number', start)
    if (text.charCodeAt(i) === 0x2e) {
      i++
      if (!isDigit(text.charCodeAt(i))) return fail('invalid number: digits must follow the decimal point', start)
      while (isDigit(text.charCodeAt(i))) i++
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!isDigit(text.charCodeAt(i))) return fail('invalid number: digits must follow the exponent', start)
      while (isDigit(text.charCodeAt(i))) i++
    }
    return undefined
  }

  for (;;) {
    skipWhitespace()
    if (state === 'value') {
      if (i >= n) return fail('unexpected end of input: a value is missing')
      const c = text.charCodeAt(i)
      let error: JsonSyntaxError | undefined
      if (c === 0x7b || c === 0x5b) {
        i++
        skipWhitespace()
        const close = c === 0x7b ? 0x7d : 0x5d
        if (text.charCodeAt(i) === close) i++
        else {
          stack.push(close)
          state = c === 0x7b ? 'key' : 'value'
          continue
        }
      } else if (c === 0x22) error = readString()
      else if (c === 0x2d || isDigit(c)) error = readNumber()
      else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i))
        if (literal === undefined) return fail(`unexpected ${found()}: a value is expected`)
        i += literal.length
      }
      if (error !== undefined) return error
      state = 'after'
    } else if (state === 'key') {
      if (text.charCodeAt(i) !== 0x22) return fail(`unexpected ${found()}: a property name in double quotes is expected`)
      const error = readString()
      if (error !== undefined) return error
      skipWhitespace()
      if (text.charCodeAt(i) !== 0x3a) return fail(`unexpected ${found()}: ':' is expected after a property name`)
      i++
      state = 'value'
    } else {
      const close = stack[stack.length - 1]
      if (close === undefined) return i < n ? fail(`unexpected ${found()} after the JSON value`) : undefined
      const c = text.charCodeAt(i)
      if (c === 0x2c) {
        i++
        state = close === 0x7d ? 'key' : 'value'
      } else if (c === close) {
        i++
        stack.pop()
      } else return fail(`unexpected ${found()}: ',' or '${String.fromCharCode(close)}' is expected`)
    }
  }
}
