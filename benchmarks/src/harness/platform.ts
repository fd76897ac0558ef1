// The in-process platform a suite measures.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger, startSdpPlatform, type LocalPlatform, type SdpPlatformConfig } from '@sdp/infra'

/** Settings of {@link withPlatform}: the platform's, less the port and data directory it picks. */
export type PlatformSettings = Omit<SdpPlatformConfig, 'port' | 'dataDir'>

/**
 * Starts a fresh platform on a free port with its data in a new temporary directory
 * (`sdp-{name}-…`), runs `fn` with it, then closes it and deletes the directory. The platform logs
 * nothing and compacts never unless `settings` say otherwise: a compaction pass would land in
 * whatever is being measured.
 */
export async function withPlatform<T>(name: string, settings: PlatformSettings, fn: (platform: LocalPlatform) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), `sdp-${name}-`))
  const platform = await startSdpPlatform({ logger: silentLogger, compactionIntervalMs: 0, ...settings, port: 0, dataDir })
  try {
    return await fn(platform)
  } finally {
    await platform.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Resolves once `{url}/health` answers 200, that is once every consumer of the platform is attached. */
export async function untilHealthy(url: string): Promise<void> {
  while ((await fetch(`${url}/health`)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 100))
}

