/** A browser test's fixture: a fast in-process platform and Chromium, all closed when the test ends. */
import { join } from 'node:path'
import type { Test } from 'tap'
import type { Page, Response } from 'playwright-core'
import { silentLogger } from '../../src/logger.js'
import { startSdpPlatform, type SdpPlatformConfig } from '../../src/sdpPlatform.js'
import { launchChromium } from './chromium.js'
import { TEST_PLATFORM, waitFor } from './harness.js'

/** What {@link pageTestPlatform} gives a test. */
export interface PageTest {
  readonly platform: Awaited<ReturnType<typeof startSdpPlatform>>
  /**
   * A Chromium page, and the problems it met: page errors, and answers of 400 or more that
   * `expected` does not allow.
   */
  readonly openPage: (expected: (response: Response) => boolean) => Promise<{ page: Page; problems: string[] }>
}

/**
 * Starts the platform with 1 s windows, quick heartbeats and polls, no logs and no compaction
 * (`settings` win), its data in the test's directory, and waits for `/health`. At the test's end
 * the browser and then the platform close, each even if the other failed, before the directory
 * goes.
 */
export async function pageTestPlatform(t: Test, settings: Partial<SdpPlatformConfig> = {}): Promise<PageTest> {
  // Registered before t.testdir(), whose removal is a teardown too: everything stops before its files go.
  const closers: Array<[string, () => Promise<void>]> = []
  t.teardown(async () => {
    for (const [what, close] of closers.reverse()) await close().catch((error: unknown) => t.comment(`closing the ${what} failed: ${(error as Error).stack}`))
  })
  const dir = t.testdir()
  const platform = await startSdpPlatform({
    ...TEST_PLATFORM,
    dataDir: join(dir, 'platform'),
    logger: silentLogger,
    ...settings,
  })
  closers.push(['platform', () => platform.close()])
  await waitFor('/health to answer 200', async () => (await fetch(`${platform.url}/health`)).status === 200, 30_000)
  const openPage = async (expected: (response: Response) => boolean) => {
    const context = await launchChromium(join(dir, 'chromium-profile'))
    closers.push(['browser', () => context.close()])
    const page = context.pages()[0] ?? (await context.newPage())
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400 && !expected(response)) problems.push(`${response.request().method()} ${response.url()} answered ${response.status()}`)
    })
    return { page, problems }
  }
  return { platform, openPage }
}
