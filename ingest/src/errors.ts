/** The one error of ingest: a factory option that breaks its rule ("maxBodyBytes must be a positive integer"). Bad settings are the service kit's ConfigError. */
export class IngestError extends Error {
  override name = 'IngestError'
}
