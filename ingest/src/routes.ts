import type { IngestEventType } from '@sdp/catalog'

/** What a route takes: one event of a known type, or a batch of typed events. */
export type Route = { readonly kind: 'single'; readonly type: IngestEventType } | { readonly kind: 'batch' }

/** The ingest routes, all `POST`. */
export const ROUTES: Readonly<Record<string, Route>> = {
  '/bid': { kind: 'single', type: 'bid' },
  '/click': { kind: 'single', type: 'click' },
  '/impression': { kind: 'single', type: 'imp' },
  '/location': { kind: 'single', type: 'location' },
  '/events': { kind: 'batch' },
}

/**
 * The route of a request: by `path`, else by API Gateway's `resource` (which stays `/bid` when a
 * custom domain prefixes the path). One trailing slash is ignored.
 */
export function findRoute(path: string | undefined, resource: string | undefined): { path: string; route: Route } | undefined {
  for (const candidate of [path, resource]) {
    if (candidate === undefined) continue
    const key = candidate.length > 1 && candidate.endsWith('/') ? candidate.slice(0, -1) : candidate
    const route = Object.hasOwn(ROUTES, key) ? ROUTES[key] : undefined
    if (route !== undefined) return { path: key, route }
  }
  return undefined
}
