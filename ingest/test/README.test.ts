import t from 'tap'
import { readFileSync } from 'node:fs'
import { createIngestHandler } from '../src/createIngestHandler.js'
import { apiEvent } from './_helpers/apiEvent.js'
import { startKinesalite } from '../../test-support/localKinesis.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const NOW = 1_795_831_442_000

interface Example {
  readonly path: string
  readonly contentType: string
  readonly body: string
  readonly status: number
  readonly response: string
}

/** Each ```sh block with a curl command, its `# → status` line and the ```json response after it. */
function examples(): Example[] {
  const found: Example[] = []
  for (const [, script = '', response = ''] of readme.matchAll(/```sh\n([\s\S]*?)```\n```json\n([\s\S]*?)\n```/g)) {
    const command = script.replace(/\\\n\s*/g, ' ')
    const path = /curl .*"\$API(\/\w+)"/.exec(command)?.[1] ?? ''
    const contentType = /-H 'content-type: ([^']+)'/.exec(command)?.[1] ?? ''
    const status = Number(/# → (\d+)/.exec(command)?.[1])
    // -d '<body>', or printf '%s\n' '<line>' '<line>' | curl ... --data-binary @-
    const data = /-d '([^']*)'/.exec(command)?.[1]
    const lines = /printf '%s\\n' ((?:'[^']*' ?)+)\|/.exec(command)?.[1]
    const body = data ?? [...(lines ?? '').matchAll(/'([^']*)'/g)].map(([, line]) => `${line}\n`).join('')
    found.push({ path, contentType, body, status, response })
  }
  return found
}

t.test('every curl example of the README answers what the README shows', async (t) => {
  const local = await startKinesalite()
  t.teardown(() => local.close())
  const handler = createIngestHandler({ kinesis: local.client, streamName: await local.createStream(), now: () => NOW })
  const all = examples()
  t.ok(all.length >= 8, `${all.length} examples`)
  for (const example of all) {
    const response = await handler(apiEvent({ path: example.path, contentType: example.contentType, body: example.body }))
    t.equal(response.statusCode, example.status, `${example.path} ${example.body.slice(0, 40)}`)
    t.same(JSON.parse(response.body), JSON.parse(example.response))
  }
})
