import t from 'tap'
import { regionOfApiUrl, signRequest } from '../lib/client/signRequest.js'

// The credentials and date of AWS's SigV4 test suite (aws-sig-v4-test-suite).
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const now = new Date('2015-08-30T12:36:00Z')

t.test('signs the official SigV4 test-suite "get-vanilla" request to the published signature', async (t) => {
  // aws-sig-v4-test-suite/get-vanilla: `GET /` to example.amazonaws.com, signing host and
  // x-amz-date only; get-vanilla.authz is the Authorization header below (the same value is pinned
  // by the AWS CRT's own tests, awslabs/aws-crt-python test/test_auth.py).
  const headers = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, credentials, {
    region: 'us-east-1',
    service: 'service',
    now,
    contentSha256: false,
  })
  t.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  )
  t.same(Object.keys(headers).sort(), ['authorization', 'host', 'x-amz-date'])
  t.equal(headers['x-amz-date'], '20150830T123600Z')
  t.equal(headers.host, 'example.amazonaws.com')
})

// The two cases below were pinned with the hand-written signer this module replaced; they hold the
// callers' defaults (execute-api, x-amz-content-sha256 signed) unchanged.
t.test('by default also signs x-amz-content-sha256, as before', async (t) => {
  const headers = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, credentials, { region: 'us-east-1', service: 'service', now })
  t.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=726c5c4879a6b4ccbbd3b24edbd6b8826d34f87450fbbf4e85546fc7ba9c1642',
  )
  t.equal(headers['x-amz-content-sha256'], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'the hash of the empty body')
})

t.test('signs an execute-api request with a query, a body and a session token as before', async (t) => {
  const headers = await signRequest(
    {
      method: 'POST',
      url: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/reports/campaigns/1463517/period?timezone=America%2FNew_York&period=HOURS',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    },
    { ...credentials, sessionToken: 'TOKEN' },
    { region: 'eu-west-1', now },
  )
  t.equal(headers['x-amz-security-token'], 'TOKEN')
  t.equal(headers['content-type'], 'application/json', 'given headers are kept, names in lower case')
  t.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=19ac142dcf23a39bd730a9d5f713db1d3536cabd995898342b0d27f2d2060ecd',
  )
})

t.test('the region comes from the API URL', async (t) => {
  t.equal(regionOfApiUrl('https://abc123.execute-api.eu-central-1.amazonaws.com/prod/'), 'eu-central-1')
  t.throws(() => regionOfApiUrl('http://127.0.0.1:3000/'), /not an API Gateway/)
})
