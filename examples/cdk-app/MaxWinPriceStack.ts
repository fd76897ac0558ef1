import { fileURLToPath } from 'node:url'
import { Stack, type StackProps } from 'aws-cdk-lib'
import * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { HandlerCode, StreamAggregation } from '@sdp/cdk-constructs'
import type { Construct } from 'constructs'

/** Props of {@link MaxWinPriceStack}. */
export interface MaxWinPriceStackProps extends StackProps {
  /** ARN of the platform's event stream (output `StreamName` of the platform stack names it). */
  readonly eventStreamArn: string
  /** Read through an enhanced fan-out consumer of its own. @default false */
  readonly enhancedFanOut?: boolean
}

const JOB_FILE = fileURLToPath(new URL('../adtech/maxWinPrice.ts', import.meta.url))

/**
 * A custom job deployed beside the platform: the highest win price per campaign per minute
 * (`examples/adtech/maxWinPrice.ts`), aggregated from the platform's existing event stream.
 */
export class MaxWinPriceStack extends Stack {
  readonly job: StreamAggregation

  constructor(scope: Construct, id: string, props: MaxWinPriceStackProps) {
    super(scope, id, props)
    this.job = new StreamAggregation(this, 'MaxWinPrice', {
      name: 'adtech-max-win-price',
      // Inside this repository the workspace packages are bundled from their TypeScript sources;
      // a project that installs @sdp/cdk-constructs from npm leaves esbuildArgs out.
      code: HandlerCode.fromJobFile(JOB_FILE, { esbuildArgs: { '--conditions': '@sdp/source' } }),
      stream: kinesis.Stream.fromStreamArn(this, 'Events', props.eventStreamArn),
      windowSeconds: 300,
      enhancedFanOut: props.enhancedFanOut ?? false,
    })
  }
}
