import t from 'tap'
import { regionOfApiUrl, signRequest } from '../lib/client/signRequest.js'

// Expected signatures come from the AWS SDK's own signer (@smithy/signature-v4) on the same input.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const now = new Date('2015-08-30T12:36:00Z')

t.test('signs the AWS SigV4 "get-vanilla" request as the SDK does', async (t) => {
  const headers = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, credentials, { region: 'us-east-1', service: 'service', now })
  t.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=726c5c4879a6b4ccbbd3b24edbd6b8826d34f87450fbbf4e85546fc7ba9c1642',
  )
  t.equal(headers['x-amz-date'], '20150830T123600Z')
})

t.test('signs an execute-api request with a query, a body and a session token as the SDK does', async (t) => {
  const headers = signRequest(
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
  t.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=19ac142dcf23a39bd730a9d5f713db1d3536cabd995898342b0d27f2d2060ecd',
  )
})

t.test('the region comes from the API URL', async (t) => {
  t.equal(regionOfApiUrl('https://abc123.execute-api.eu-central-1.amazonaws.com/prod/'), 'eu-central-1')
  t.throws(() => regionOfApiUrl('http://127.0.0.1:3000/'), /not an API Gateway/)
})
