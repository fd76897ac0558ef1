/** Headless Chromium for the dashboard's browser tests (installed by `.ci/run`; skipped when absent). */
import { existsSync } from 'node:fs'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The `skip` option of a browser test: false when Chromium is there, else why the test is skipped. */
export const skipWithoutChromium = (): false | string =>
  existsSync(CHROMIUM)
    ? false
    : `Chromium not found at ${CHROMIUM}: install it (apt-get update && apt-get install -y chromium) to run the dashboard browser test`

/** A browser with its profile in `profileDir`, in UTC, 1440 × 1000. */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
    timezoneId: 'UTC',
  })
}
