// An in-memory ObjectStore for unit and property tests (integration tests use s3rver).
import type { ObjectStore } from '@sdp/stream-runtime'

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>()
  puts = 0

  async get(key: string) {
    const body = this.objects.get(key)
    return body ? new Uint8Array(body) : undefined
  }

  async put(key: string, body: Uint8Array | string) {
    this.puts++
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body))
  }

  async list(prefix: string) {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort()
  }

  async delete(keys: readonly string[]) {
    for (const k of keys) this.objects.delete(k)
  }

  text(key: string): string | undefined {
    const body = this.objects.get(key)
    return body ? new TextDecoder().decode(body) : undefined
  }
}
