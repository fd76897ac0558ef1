import { Duration } from 'aws-cdk-lib'
import * as apigw from 'aws-cdk-lib/aws-apigateway'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { Construct } from 'constructs'
import { HandlerFunction } from './HandlerFunction.js'
import type { PlatformApi } from './PlatformApi.js'

/** Props of {@link Ingest}. */
export interface IngestProps {
  readonly api: PlatformApi
  readonly stream: kinesis.IStream
  /** Largest accepted request body. @default 1048576 */
  readonly maxBodyBytes?: number
}

/** Routes of the ingest Lambda; the single-event routes take one JSON object. */
export const INGEST_ROUTES = ['/bid', '/click', '/impression', '/events'] as const

/**
 * Ingest: `POST /bid`, `/click`, `/impression` and `/events` on the API, served by the ingest
 * Lambda, which may only put records into the stream. API Gateway rejects a single-event body
 * that is not a JSON object before the Lambda runs; the Lambda validates every field.
 */
export class Ingest extends Construct {
  readonly handler: HandlerFunction

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id)
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'ingest',
      description: 'POST /bid /click /impression /events: validates events and puts them into the stream',
      memorySize: 512,
      timeout: Duration.seconds(15),
      environment: {
        STREAM_NAME: props.stream.streamName,
        MAX_BODY_BYTES: String(props.maxBodyBytes ?? 1_048_576),
      },
    })
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kinesis:PutRecord', 'kinesis:PutRecords'], resources: [props.stream.streamArn] }),
    )

    const jsonObject: apigw.JsonSchema = { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT }
    for (const path of INGEST_ROUTES) {
      props.api.addRoute('POST', path, this.handler.fn, path === '/events' ? {} : { jsonBodySchema: jsonObject })
    }
  }
}
