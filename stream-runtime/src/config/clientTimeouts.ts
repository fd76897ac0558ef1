// Kept here for the stream handlers' imports; the one definition lives in the catalog, which
// ingest and compaction can import too.
export { CLIENT_TIMEOUTS } from '@sdp/catalog'
