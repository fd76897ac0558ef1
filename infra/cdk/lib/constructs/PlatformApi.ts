import { RemovalPolicy } from 'aws-cdk-lib'
import * as apigw from 'aws-cdk-lib/aws-apigateway'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { acknowledge, acknowledgeWildcardResources } from '../nag.js'

/** Props of {@link PlatformApi}. */
export interface PlatformApiProps {
  /** Stage name, the first path segment of every URL. @default 'prod' */
  readonly stageName?: string
  /** Steady-state requests per second of the stage. @default 1000 */
  readonly rateLimit?: number
  /** Burst of the stage. @default 2000 */
  readonly burstLimit?: number
}

/** How a route's request is checked before it reaches its Lambda. */
export interface RouteOptions {
  /** `method.request.*` parameters and whether each is required. @default {} */
  readonly requestParameters?: Readonly<Record<string, boolean>>
  /** JSON Schema (draft 4) that an `application/json` body must match. @default - body not checked by API Gateway */
  readonly jsonBodySchema?: apigw.JsonSchema
}

/** JSON error body of API Gateway's own 4XX answers (validation, auth, throttling). */
const ERROR_TEMPLATE =
  '{"error":$context.error.messageString,"detail":"$util.escapeJavaScript($context.error.validationErrorString)","requestId":"$context.requestId"}'

/**
 * The REST API in front of every Lambda route: one regional API and stage, IAM (SigV4)
 * authorization on every method, a request validator (parameters and bodies), stage throttling,
 * JSON access logs and error-level execution logs. A managed policy that allows invoking exactly
 * the routes added (`clientPolicy`) is what callers' roles attach.
 */
export class PlatformApi extends Construct {
  readonly api: apigw.RestApi
  readonly accessLogs: logs.LogGroup
  /** Grants `execute-api:Invoke` on every route of the API and nothing else. */
  readonly clientPolicy: iam.ManagedPolicy
  private readonly validator: apigw.RequestValidator
  private readonly stageName: string

  constructor(scope: Construct, id: string, props: PlatformApiProps = {}) {
    super(scope, id)
    this.stageName = props.stageName ?? 'prod'
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Streaming data platform: ingest, reports and predictions',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: this.stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: props.rateLimit ?? 1000,
        throttlingBurstLimit: props.burstLimit ?? 2000,
      },
    })
    // UrlForAPI (the stack's output) replaces the RestApi's generated `Endpoint` output.
    this.api.node.tryRemoveChild('Endpoint')
    this.validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    })
    for (const type of [apigw.ResponseType.BAD_REQUEST_BODY, apigw.ResponseType.BAD_REQUEST_PARAMETERS]) {
      this.api.addGatewayResponse(type.responseType, {
        type,
        templates: { 'application/json': ERROR_TEMPLATE },
      })
    }
    this.clientPolicy = new iam.ManagedPolicy(this, 'ClientPolicy', {
      description: 'Invoke the streaming data platform API routes (attach to the roles of ad servers and report readers)',
    })

    acknowledge(
      this.api,
      'AwsSolutions-COG4',
      'Methods use IAM (SigV4) authorization: callers are ad servers and services with AWS credentials, not end users of a Cognito pool.',
    )
    acknowledge(
      this.api,
      'AwsSolutions-APIG3',
      'No WAF web ACL by default (about $5/month plus requests): every method requires SigV4, and the stage is throttled. Associate a web ACL for public exposure.',
    )
    acknowledge(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "API Gateway's account-level logging role uses the AWS-managed policy that AWS documents for it; it only writes CloudWatch Logs.",
    )
  }

  /**
   * Adds `method path` (path parameters as `{name}`) served by `fn` through a Lambda proxy
   * integration, and lets the client policy invoke it.
   */
  addRoute(method: string, path: string, fn: lambda.IFunction, options: RouteOptions = {}): apigw.Method {
    const resource = this.api.root.resourceForPath(path)
    const requestModels = options.jsonBodySchema
      ? {
          'application/json': this.api.addModel(`${method}${path.replace(/[^A-Za-z0-9]/g, '')}Model`, {
            contentType: 'application/json',
            schema: options.jsonBodySchema,
          }),
        }
      : undefined
    const created = resource.addMethod(method, new apigw.LambdaIntegration(fn, { allowTestInvoke: false }), {
      requestValidator: this.validator,
      ...(options.requestParameters ? { requestParameters: { ...options.requestParameters } } : {}),
      ...(requestModels ? { requestModels } : {}),
    })
    const arn = this.api.arnForExecuteApi(method, path.replace(/\{[^}]+\}/g, '*'), this.stageName)
    this.clientPolicy.addStatements(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [arn] }))
    if (path.includes('{')) {
      acknowledgeWildcardResources(this.clientPolicy, [arn], 'The route has a path parameter; the wildcard stands for its value only.')
    }
    return created
  }

  /** The invoke URL of `path` on the stage (no leading slash), e.g. `predictions`. */
  urlFor(path: string): string {
    return this.api.urlForPath(`/${path}`)
  }
}
