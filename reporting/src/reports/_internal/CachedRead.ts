import { ConfigError } from '@sdp/service-kit'

/**
 * A value read at most once per `cacheMs`: a read serves every request until it is `cacheMs` old,
 * and requests arriving while a read is running share it, so a burst of polls costs one read. A
 * read that fails is not kept; the next request reads again.
 */
export class CachedRead<T> {
  private cached: { readonly value: T; readonly readAt: number } | undefined
  private reading: Promise<T> | undefined

  /**
   * @param read reads the value; `readAt` is the clock when the read began (what the age counts from)
   * @param cacheMs how long one read serves; 0 reads on every request that finds no read running
   * @throws ConfigError when `cacheMs` is not a number ≥ 0
   */
  constructor(
    private readonly read: (readAt: number) => Promise<T>,
    private readonly cacheMs: number,
    private readonly now: () => number,
  ) {
    if (!(cacheMs >= 0)) throw new ConfigError('cacheMs must be a number ≥ 0')
  }

  /** The value, at most `cacheMs` old. */
  get(): Promise<T> {
    if (this.cached && this.now() - this.cached.readAt < this.cacheMs) return Promise.resolve(this.cached.value)
    this.reading ??= (async () => {
      const readAt = this.now()
      const value = await this.read(readAt)
      this.cached = { value, readAt }
      return value
    })().finally(() => (this.reading = undefined))
    return this.reading
  }
}
