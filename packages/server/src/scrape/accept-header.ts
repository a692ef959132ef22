import type { ScrapeProtocol } from '../config/config-types.js'

const PROTOCOL_MEDIA_TYPES: Readonly<Record<ScrapeProtocol, string>> = {
  PrometheusProto:
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
  'OpenMetricsText1.0.0': 'application/openmetrics-text;version=1.0.0',
  'OpenMetricsText0.0.1': 'application/openmetrics-text;version=0.0.1',
  'PrometheusText0.0.4': 'text/plain;version=0.0.4',
  'PrometheusText1.0.0': 'text/plain;version=1.0.0',
}

/** Prometheus 2.42's Accept header: OpenMetrics preferred, text format accepted. */
export const DEFAULT_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

/** Prometheus 2.42's Accept header with native histograms enabled: protobuf first. */
export const NATIVE_HISTOGRAMS_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

/** The Accept header for an explicit scrape_protocols list, weighted in order as Prometheus 3.x does. */
export function acceptHeader(
  protocols: readonly ScrapeProtocol[] | undefined,
  nativeHistograms: boolean,
): string {
  if (protocols === undefined) return nativeHistograms ? NATIVE_HISTOGRAMS_ACCEPT : DEFAULT_ACCEPT
  let weight = Object.keys(PROTOCOL_MEDIA_TYPES).length + 1
  const parts = protocols.map((p) => `${PROTOCOL_MEDIA_TYPES[p]};q=0.${weight--}`)
  parts.push(`*/*;q=0.${weight}`)
  return parts.join(',')
}
