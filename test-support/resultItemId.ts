// The identity of a result item in the results table: what a versioned write replaces.
import type { ResultItem } from '@sdp/stream-runtime'

export function resultItemId(item: ResultItem): string {
  if (item.kind === 'directory') return `directory|${item.slot}`
  if (item.kind === 'head') return `head|${item.key}`
  return `${item.kind}|${item.key}|${item.start}`
}
