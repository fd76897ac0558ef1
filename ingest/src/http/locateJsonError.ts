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

/** What one step of the scan ends with: go on, the text is valid, or the error found. */
type Step = 'next' | 'valid' | JsonSyntaxError

const OPEN_OBJECT = 0x7b
const OPEN_ARRAY = 0x5b
const CLOSE_OBJECT = 0x7d
const CLOSE_ARRAY = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const MINUS = 0x2d
const COMMA = 0x2c
const COLON = 0x3a

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or `undefined` when it is valid.
 * `JSON.parse` does not always say where it failed ("Unexpected token 'x', ... is not valid JSON"),
 * so ingest runs this — only after `JSON.parse` has thrown — to tell the client the line and
 * column. Iterative, so deep nesting cannot overflow the stack.
 */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const scanner = new JsonScanner(text)
  for (;;) {
    const step = scanner.step()
    if (step === 'valid') return undefined
    if (step !== 'next') return step
  }
}

/** A state machine over the text: what it expects next, and the containers still open. */
class JsonScanner {
  private i = 0
  private state: State = 'value'
  /** The closing character code each open container waits for. */
  private readonly stack: number[] = []

  constructor(private readonly text: string) {}

  /** Skips whitespace and reads what the current state expects. */
  step(): Step {
    this.skipWhitespace()
    if (this.state === 'value') return this.value()
    if (this.state === 'key') return this.key()
    return this.afterValue()
  }

  private value(): Step {
    if (this.i >= this.text.length) return this.fail('unexpected end of input: a value is missing')
    const c = this.text.charCodeAt(this.i)
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) return this.open(c)
    const error = c === QUOTE ? this.readString() : c === MINUS || isDigit(c) ? this.readNumber() : this.readLiteral()
    if (error !== undefined) return error
    this.state = 'after'
    return 'next'
  }

  /** Opens an object or array; an empty one is a whole value at once. */
  private open(c: number): Step {
    this.i++
    this.skipWhitespace()
    const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY
    if (this.text.charCodeAt(this.i) === close) {
      this.i++
      this.state = 'after'
    } else {
      this.stack.push(close)
      this.state = c === OPEN_OBJECT ? 'key' : 'value'
    }
    return 'next'
  }

  private key(): Step {
    if (this.text.charCodeAt(this.i) !== QUOTE) return this.fail(`unexpected ${this.found()}: a property name in double quotes is expected`)
    const error = this.readString()
    if (error !== undefined) return error
    this.skipWhitespace()
    if (this.text.charCodeAt(this.i) !== COLON) return this.fail(`unexpected ${this.found()}: ':' is expected after a property name`)
    this.i++
    this.state = 'value'
    return 'next'
  }

  /** After a value: a comma, the close of its container, or (at the top level) the end. */
  private afterValue(): Step {
    const close = this.stack[this.stack.length - 1]
    if (close === undefined) return this.i < this.text.length ? this.fail(`unexpected ${this.found()} after the JSON value`) : 'valid'
    const c = this.text.charCodeAt(this.i)
    if (c === COMMA) {
      this.i++
      this.state = close === CLOSE_OBJECT ? 'key' : 'value'
    } else if (c === close) {
      this.i++
      this.stack.pop()
    } else return this.fail(`unexpected ${this.found()}: ',' or '${String.fromCharCode(close)}' is expected`)
    return 'next'
  }

  private readString(): JsonSyntaxError | undefined {
    const start = this.i
    this.i++
    for (;;) {
      if (this.i >= this.text.length) return this.fail('unterminated string', start)
      const c = this.text.charCodeAt(this.i)
      if (c === QUOTE) {
        this.i++
        return undefined
      }
      if (c < 0x20) return this.fail('control character in a string (escape it)')
      if (c === BACKSLASH) {
        const error = this.readEscape()
        if (error !== undefined) return error
      } else this.i++
    }
  }

  /** An escape sequence, at its backslash. */
  private readEscape(): JsonSyntaxError | undefined {
    const e = this.text[this.i + 1]
    if (e === 'u') {
      for (let k = 2; k < 6; k++) if (!isHex(this.text.charCodeAt(this.i + k))) return this.fail('invalid \\u escape in a string')
      this.i += 6
      return undefined
    }
    if (e === undefined || !ESCAPES.has(e)) return this.fail('invalid escape in a string')
    this.i += 2
    return undefined
  }

  private readNumber(): JsonSyntaxError | undefined {
    const start = this.i
    if (this.text.charCodeAt(this.i) === MINUS) this.i++
    if (this.text.charCodeAt(this.i) === 0x30) this.i++
    else if (isDigit(this.text.charCodeAt(this.i))) this.skipDigits()
    else return this.fail('invalid number', start)
    if (this.text.charCodeAt(this.i) === 0x2e) {
      this.i++
      if (!isDigit(this.text.charCodeAt(this.i))) return this.fail('invalid number: digits must follow the decimal point', start)
      this.skipDigits()
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      this.i++
      if (this.text[this.i] === '+' || this.text[this.i] === '-') this.i++
      if (!isDigit(this.text.charCodeAt(this.i))) return this.fail('invalid number: digits must follow the exponent', start)
      this.skipDigits()
    }
    return undefined
  }

  private readLiteral(): JsonSyntaxError | undefined {
    const literal = ['true', 'false', 'null'].find((word) => this.text.startsWith(word, this.i))
    if (literal === undefined) return this.fail(`unexpected ${this.found()}: a value is expected`)
    this.i += literal.length
    return undefined
  }

  private skipWhitespace(): void {
    while (this.i < this.text.length && isWhitespace(this.text.charCodeAt(this.i))) this.i++
  }

  private skipDigits(): void {
    while (isDigit(this.text.charCodeAt(this.i))) this.i++
  }

  private found(): string {
    return this.i >= this.text.length ? 'end of input' : `character ${JSON.stringify(this.text[this.i])}`
  }

  private fail(reason: string, at = this.i): JsonSyntaxError {
    const before = this.text.slice(0, at)
    const lineStart = before.lastIndexOf('\n') + 1
    return { position: at, line: before.split('\n').length, column: at - lineStart + 1, reason }
  }
}
