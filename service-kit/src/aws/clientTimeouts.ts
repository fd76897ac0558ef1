/**
 * Connection and request timeouts for every AWS client of the platform
 * (`requestHandler: CLIENT_TIMEOUTS`, or `new NodeHttpHandler(CLIENT_TIMEOUTS)`): a hung
 * connection fails the call, and the SDK's retry or Lambda's retry of the batch takes over,
 * instead of the handler hanging until its own timeout.
 */
export const CLIENT_TIMEOUTS = { connectionTimeout: 3_000, requestTimeout: 30_000 } as const
