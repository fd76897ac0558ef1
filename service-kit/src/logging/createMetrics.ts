import { Metrics } from '@aws-lambda-powertools/metrics'
import type { EmfOutput } from '@aws-lambda-powertools/metrics/types'

/** Receives each EMF blob instead of stdout (tests, the local platform). */
export type MetricSink = (emf: EmfOutput) => void

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** The `service` dimension of every metric. */
  readonly serviceName: string
  /** The CloudWatch namespace. @default POWERTOOLS_METRICS_NAMESPACE, else `sdp` */
  readonly namespace?: string
  /** Where EMF blobs go. @default stdout, where Lambda's log agent turns them into CloudWatch metrics */
  readonly sink?: MetricSink
}

/** Powertools' Metrics handing each published EMF blob to a sink instead of the console. */
class SinkMetrics extends Metrics {
  readonly #sink: MetricSink

  constructor(sink: MetricSink, options: ConstructorParameters<typeof Metrics>[0]) {
    super(options)
    this.#sink = sink
  }

  override publishStoredMetrics(): this {
    try {
      if (this.hasStoredMetrics()) this.#sink(this.serializeMetrics())
    } finally {
      this.clearMetrics()
      this.clearDimensions()
      this.clearMetadata()
    }
    return this
  }
}

/**
 * The metrics of every service: Powertools for AWS Lambda's `Metrics`, which prints CloudWatch
 * Embedded Metric Format, so the counters a handler reports become real CloudWatch metrics on AWS
 * with no API call.
 *
 * @example
 * const metrics = createMetrics({ serviceName: 'reporting' })
 * metrics.addMetric('deadLetters', MetricUnit.Count, 2)
 * metrics.publishStoredMetrics()
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const settings = { serviceName: options.serviceName, namespace: options.namespace ?? process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'sdp' }
  return options.sink ? new SinkMetrics(options.sink, settings) : new Metrics(settings)
}

export type { Metrics }
