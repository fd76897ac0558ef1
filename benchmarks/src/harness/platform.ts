// The in-process platform a suite measures, and the trivial server it is compared with.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger, startHttpServer, startSdpPlatform, type LocalHttpServer, type LocalPlatform, type SdpPlatformConfig } from '@sdp/infra'

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

/**
 * A server on the platform's HTTP stack (fastify and the API Gateway shim) whose handler answers
 * every `POST` to `resources` with 200 and `body` at once: the baseline a route is compared with.
 */
export function startAckServer(resources: readonly string[], body: string): Promise<LocalHttpServer> {
  const ack = () => Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body })
  return startHttpServer({
    port: 0,
    routes: resources.map((resource) => ({ method: 'POST' as const, resource, handler: ack })),
    isReady: () => true,
    logger: silentLogger,
  })
}
