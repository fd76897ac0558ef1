/**
 * Object keys of the segment state backend. Sequence numbers are left-padded so that the
 * store's lexicographic listing is sequence order:
 *   <prefix>/<shardId>/seg/<last>-<first>.json   one invocation's writes
 *   <prefix>/<shardId>/ckpt/<through>.json       the whole merged state through a Lambda window's last record
 *   <prefix>/<shardId>/delta/<through>.json      what changed since the previous checkpoint, through a window's last record
 */
const WIDTH = 80

/** What a state object holds. */
export type StateObjectKind = 'seg' | 'ckpt' | 'delta'

export const padSequence = (seq: string) => seq.padStart(WIDTH, '0')
const unpad = (s: string) => s.replace(/^0+(?=\d)/, '')

export const segmentKey = (prefix: string, shardId: string, first: string, last: string) =>
  `${prefix}/${shardId}/seg/${padSequence(last)}-${padSequence(first)}.json`

export const checkpointKey = (prefix: string, shardId: string, through: string, kind: 'ckpt' | 'delta' = 'ckpt') =>
  `${prefix}/${shardId}/${kind}/${padSequence(through)}.json`

export const shardPrefix = (prefix: string, shardId: string) => `${prefix}/${shardId}/`

/** The kind and last (or through) sequence number named by a key of {@link segmentKey} or {@link checkpointKey}. */
export function parseStateKey(key: string): { kind: StateObjectKind; last: string } | undefined {
  const m = /\/(seg|ckpt|delta)\/(\d+)(?:-\d+)?\.json$/.exec(key)
  return m ? { kind: m[1] as StateObjectKind, last: unpad(m[2] as string) } : undefined
}
