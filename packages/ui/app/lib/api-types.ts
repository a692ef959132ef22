// The HTTP API v1 response shapes the UI reads, as Prometheus 2.42 writes them.

/** A metric's labels, `__name__` included. */
export type Metric = Record<string, string>

/** A sample: Unix seconds and the value as a string (so NaN and ±Inf survive JSON). */
export type SamplePair = [number, string]

/** A native histogram sample as the API renders it. */
export interface ApiHistogram {
  count: string
  sum: string
  buckets?: [number, string, string, string][]
}

/** One element of an instant vector. */
export interface VectorSample {
  metric: Metric
  value?: SamplePair
  histogram?: [number, ApiHistogram]
}

/** One series of a range vector. */
export interface MatrixSeries {
  metric: Metric
  values?: SamplePair[]
  histograms?: [number, ApiHistogram][]
}

/** The `data` of /api/v1/query and /api/v1/query_range. */
export type QueryData =
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'scalar'; result: SamplePair }
  | { resultType: 'string'; result: SamplePair }

/** One target of /api/v1/targets. */
export interface ApiTarget {
  discoveredLabels: Record<string, string>
  labels: Record<string, string>
  scrapePool: string
  scrapeUrl: string
  globalUrl: string
  lastError: string
  lastScrape: string
  lastScrapeDuration: number
  health: 'up' | 'down' | 'unknown'
  scrapeInterval: string
  scrapeTimeout: string
}

/** The `data` of /api/v1/targets. */
export interface TargetsData {
  activeTargets: ApiTarget[]
  droppedTargets: { discoveredLabels: Record<string, string> }[]
}

/** An active alert of an alerting rule. */
export interface ApiAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  state: 'pending' | 'firing' | 'inactive'
  activeAt?: string
  value: string
}

/** A rule of /api/v1/rules; alerting rules carry state, duration and alerts. */
export interface ApiRule {
  type: 'alerting' | 'recording'
  name: string
  query: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  duration?: number
  state?: 'inactive' | 'pending' | 'firing'
  alerts?: ApiAlert[]
  health: 'ok' | 'err' | 'unknown'
  lastError?: string
  evaluationTime: number
  lastEvaluation: string
}

/** A rule group of /api/v1/rules. */
export interface ApiRuleGroup {
  name: string
  file: string
  interval: number
  rules: ApiRule[]
  evaluationTime: number
  lastEvaluation: string
}

/** The `data` of /api/v1/status/tsdb. */
export interface TsdbStatus {
  headStats: {
    numSeries: number
    numLabelPairs: number
    chunkCount: number
    minTime: number
    maxTime: number
  }
  seriesCountByMetricName: { name: string; value: number }[]
  labelValueCountByLabelName: { name: string; value: number }[]
  memoryInBytesByLabelName: { name: string; value: number }[]
  seriesCountByLabelValuePair: { name: string; value: number }[]
}
