/**
 * Worker-thread entry of {@link FaultProxyThread}: starts one fault proxy per service, posts their
 * endpoints, posts the counts every 100 ms and when asked, and closes the proxies when asked.
 */
import { workerData } from 'node:worker_threads'
import { workerPort } from '../_internal/startWorker.js'
import { FaultCounter } from './FaultCounter.js'
import type { FaultProxyThreadData, FaultProxyThreadMessage } from './FaultProxyThread.js'
import { startFaultProxy } from './startFaultProxy.js'

/** How often the thread posts its counts unasked. */
const COUNTS_INTERVAL_MS = 100

const { port, post } = workerPort<FaultProxyThreadMessage>('faultProxyThreadEntry')
const { targets, spec } = workerData as FaultProxyThreadData
const counter = new FaultCounter()
const [kinesis, dynamodb, s3] = await Promise.all([
  startFaultProxy({ service: 'kinesis', target: targets.kinesis, spec, counter }),
  startFaultProxy({ service: 'dynamodb', target: targets.dynamodb, spec, counter }),
  startFaultProxy({ service: 's3', target: targets.s3, spec, counter }),
])
const ticker = setInterval(() => post({ type: 'counts', counts: counter.snapshot() }), COUNTS_INTERVAL_MS)
port.on('message', (message: { type: string; id?: number }) => {
  if (message.type === 'counts') post({ type: 'counts', counts: counter.snapshot(), ...(message.id === undefined ? {} : { id: message.id }) })
  if (message.type !== 'close') return
  clearInterval(ticker)
  void Promise.all([kinesis, dynamodb, s3].map((p) => p?.close())).then(() => post({ type: 'closed' }))
})
post({ type: 'ready', endpoints: { kinesis: kinesis.url, dynamodb: dynamodb.url, s3: s3.url } })
