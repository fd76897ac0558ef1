import { murmur3String32 } from '@sdp/aggregation-engine'
import type { Composition } from './ModelVersion.js'

/**
 * The id of the version combining `composition` (shard → through): `v<examples:12>-<hash:8>`.
 * A function of the composition alone, so publishing the same combination twice rewrites the
 * same object, and names sort by example count (newer versions hold more examples).
 *
 * @example
 * versionId({ 'shardId-000000000000': '4959…' }, 1200) // 'v000000001200-1c2d3e4f'
 */
export function versionId(composition: Composition, examples: number): string {
  const canonical = JSON.stringify(
    Object.keys(composition)
      .sort()
      .map((shard) => [shard, composition[shard]]),
  )
  return `v${String(examples).padStart(12, '0')}-${murmur3String32(canonical).toString(16).padStart(8, '0')}`
}

/** Whether two compositions name the same shard learners through the same sequence numbers. */
export function sameComposition(a: Composition, b: Composition): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}
