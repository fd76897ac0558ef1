/** A held lease: who holds it and until when. */
export interface LeaseToken {
  readonly name: string
  readonly owner: string
  /** Epoch ms. */
  readonly expiresAt: number
}

/**
 * A lease on a name (one per partition): at most one holder until it expires or is released, so
 * two compactions of one partition do not run at once. A lease saves work; the catalog's
 * compare-and-swap commit is what keeps a stale holder (one that paused past its expiry) from
 * committing over a newer version.
 */
export interface Lease {
  /** The lease, or undefined when someone else holds an unexpired one. */
  acquire(name: string, ttlMs: number): Promise<LeaseToken | undefined>
  /** Gives the lease up if this token still holds it. */
  release(token: LeaseToken): Promise<void>
}
