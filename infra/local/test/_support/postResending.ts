import { postEvents } from './harness.js'

/**
 * POSTs `events` to `/events`, `batchSize` to a request, as a client that resends a batch until it
 * is answered 200 (whole batches: the same (type, tx_id) counts once).
 *
 * @returns how many times a batch was resent
 */
export async function postResending(url: string, events: ReadonlyArray<object>, batchSize: number, maxTries = 50): Promise<number> {
  let resent = 0
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize)
    for (let tries = 1; ; tries++) {
      let status = 0
      let text = ''
      await postEvents(url, batch, batchSize, async (response) => {
        status = response.status
        text = await response.text()
      })
      if (status === 200) break
      if (tries >= maxTries) throw new Error(`POST /events answered ${status} ${tries} times: ${text}`)
      resent++
    }
  }
  return resent
}
