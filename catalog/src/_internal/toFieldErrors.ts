import type * as t from 'io-ts'
import type { FieldError } from '../types.js'

// Codecs that check the shape of a value rather than one field: a failure that ends at one of them
// means "this value is not an object".
const STRUCTURAL = new Set(['InterfaceType', 'PartialType', 'IntersectionType', 'ExactType', 'StrictType', 'UnionType'])
// Codecs whose children are members (context keys "0", "1"), not fields.
const MEMBERS = new Set(['IntersectionType', 'UnionType'])
// Codecs that validate their inner codec under their own context entry.
const WRAPPERS = new Set(['ExactType', 'ReadonlyType', 'RefinementType'])

interface Tagged {
  readonly _tag?: string
  readonly type?: Tagged
}

const tagOf = (entry: t.ContextEntry | undefined): string => (entry?.type as Tagged | undefined)?._tag ?? ''

// `t.exact(t.intersection(...))` has one context entry for both codecs: look through the wrapper.
function hasMembers(entry: t.ContextEntry | undefined): boolean {
  let codec = entry?.type as Tagged | undefined
  while (codec?._tag !== undefined && WRAPPERS.has(codec._tag)) codec = codec.type
  return codec?._tag !== undefined && MEMBERS.has(codec._tag)
}

/**
 * Turns io-ts errors into one `{field, message}` per distinct problem: `field` is the dotted path
 * of the bad field (`'$'` for the value itself), `message` the rule it broke.
 */
export function toFieldErrors(errors: t.Errors): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    const { context } = error
    const path: string[] = []
    for (let i = 1; i < context.length; i++) {
      if (!hasMembers(context[i - 1])) path.push(context[i]?.key ?? '')
    }
    const last = context[context.length - 1]
    const message = STRUCTURAL.has(tagOf(last)) ? 'must be a JSON object' : (error.message ?? `must be ${last?.type.name ?? 'valid'}`)
    const field = path.length === 0 ? '$' : path.join('.')
    const key = `${field}\u0000${message}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push({ field, message })
    }
  }
  return out
}
