import type * as t from 'io-ts'
import { DefaultedType, FieldType } from '../../_internal/FieldType.js'
import { Count, EpochMillis, FiniteNumber, NonEmptyText, SafeInteger, Text, TxId } from '../../_internal/fields.js'
import { InvalidArgumentError } from '../../errors.js'
import type { LakeColumn, LakeColumnType } from '../LakeColumn.js'

// The lake type of every field codec the catalog defines. A new field codec must be added here
// before a schema using it can reach the lake: an unknown one throws at module load.
const FIELD_TYPES = new Map<unknown, LakeColumnType>([
  [TxId, 'string'],
  [Text, 'string'],
  [NonEmptyText, 'string'],
  [FiniteNumber, 'double'],
  [SafeInteger, 'int64'],
  [Count, 'int64'],
  [EpochMillis, 'int64'],
])

interface Introspectable {
  readonly _tag?: string
  readonly type?: Introspectable
  readonly types?: readonly Introspectable[]
  readonly props?: Record<string, unknown>
}

function fieldType(codecName: string, field: string, codec: unknown): LakeColumnType {
  const known = FIELD_TYPES.get(codec)
  if (known !== undefined) return known
  // the `type` discriminator: a literal check or a defaulted literal
  if (codec instanceof DefaultedType || (codec instanceof FieldType && /^".*"$/.test(codec.name))) return 'string'
  throw new InvalidArgumentError(`field ${field} of ${codecName} has a codec the lake has no column type for`)
}

/**
 * The columns of one catalog object codec (`t.exact` over `t.type` and `t.partial` members),
 * in declaration order: fields of `t.type` are required, fields of `t.partial` are not.
 */
export function codecColumns(codec: t.Mixed): LakeColumn[] {
  const columns: LakeColumn[] = []
  const walk = (c: Introspectable | undefined, required: boolean): void => {
    if (c === undefined) return
    switch (c._tag) {
      case 'ExactType':
      case 'ReadonlyType':
        return walk(c.type, required)
      case 'IntersectionType':
        for (const member of c.types ?? []) walk(member, required)
        return
      case 'InterfaceType':
      case 'PartialType': {
        const req = c._tag === 'InterfaceType' && required
        for (const [name, prop] of Object.entries(c.props ?? {})) {
          columns.push({ name, type: fieldType(codec.name, name, prop), required: req })
        }
        return
      }
      default:
        throw new InvalidArgumentError(`${codec.name} must be an object codec to become lake columns, found ${c._tag ?? 'unknown'}`)
    }
  }
  walk(codec as unknown as Introspectable, true)
  return columns
}

/**
 * The columns of a table holding any of several codecs' records (a union): every field of any
 * member, in order of first appearance; required only when every member requires it; an int64
 * met as a double in another member widens to double (e.g. `win_price`).
 */
export function unionColumns(members: readonly (readonly LakeColumn[])[]): LakeColumn[] {
  const order: string[] = []
  const merged = new Map<string, LakeColumn>()
  for (const columns of members) {
    for (const column of columns) {
      const seen = merged.get(column.name)
      if (seen === undefined) {
        order.push(column.name)
        merged.set(column.name, column)
        continue
      }
      merged.set(column.name, { name: column.name, type: widen(seen.type, column.type, column.name), required: seen.required && column.required })
    }
  }
  for (const name of order) {
    const inAll = members.every((m) => m.some((c) => c.name === name))
    if (!inAll) merged.set(name, { ...(merged.get(name) as LakeColumn), required: false })
  }
  return order.map((name) => merged.get(name) as LakeColumn)
}

function widen(a: LakeColumnType, b: LakeColumnType, name: string): LakeColumnType {
  if (a === b) return a
  if ((a === 'int64' && b === 'double') || (a === 'double' && b === 'int64')) return 'double'
  throw new InvalidArgumentError(`column ${name} is a ${a} in one schema and a ${b} in another`)
}
