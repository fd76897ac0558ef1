import type { ThreadCrashedError } from '../errors.js'
import type { Logger } from '../logger.js'

/** The parts a platform stops, in the order it stops them. */
const SHUTDOWN_ORDER = ['endpoints', 'consumers', 'ticker', 'server', 'services'] as const
export type PlatformPart = (typeof SHUTDOWN_ORDER)[number]

/**
 * The running platform's lifecycle: what to stop (each part registers as soon as it runs, so a
 * start that fails half-way stops what it started), a shutdown that runs once, in order, every
 * step even if one fails, and the crash path: a dead worker thread takes a service or the
 * consumers with it, so the whole platform is closed, then the crash is reported.
 */
export class PlatformLifecycle {
  private readonly stops = new Map<PlatformPart, () => Promise<void> | void>()
  private closing: Promise<void> | undefined
  private crash: ThreadCrashedError | undefined
  // Until the platform is returned, a crash closes through this lifecycle; afterwards through the
  // returned platform's close, which a caller may have wrapped (sdpPlatform stops its compaction schedule first).
  private closeAfterCrash: () => Promise<void> = () => this.close()

  constructor(
    private readonly logger: Logger,
    private readonly onFatal: ((error: ThreadCrashedError) => void) | undefined,
  ) {}

  /** Registers how to stop a part that now runs. */
  started(part: PlatformPart, stop: () => Promise<void> | void): void {
    this.stops.set(part, stop)
  }

  /** The crash that closed the platform, if one did. */
  get crashed(): ThreadCrashedError | undefined {
    return this.crash
  }

  /** Stops the consumers, the heartbeat ticker, the HTTP server and the services, once. */
  close(): Promise<void> {
    return (this.closing ??= this.stopAll())
  }

  /** From now on a crash closes through `platform.close`. */
  closeThrough(platform: { close(): Promise<void> }): void {
    this.closeAfterCrash = () => platform.close()
  }

  /** What worker threads call when they die. */
  readonly onCrash = (error: ThreadCrashedError): void => {
    if (this.crash !== undefined || this.closing !== undefined) return
    this.crash = error
    this.logger.error(`${error.message}; closing the platform`)
    void this.closeAfterCrash().then(() => {
      if (this.onFatal) this.onFatal(error)
      else throw error
    })
  }

  private async stopAll(): Promise<void> {
    for (const part of SHUTDOWN_ORDER) {
      try {
        await this.stops.get(part)?.()
      } catch (error) {
        this.logger.error('shutdown step failed', { error })
      }
    }
  }
}
