// The query set run against both engines, and the times they run at. Query times sit 30 s past a
// whole minute and samples on half seconds (see data.js), so no range boundary touches a sample, and
// subquery steps (whole minutes) never touch a subquery range's boundary either: Prometheus 2.42
// closes ranges on the left, 3.x (the engine's semantics) opens them.
import { START_MS, endOfData } from './data.js'

/** Name and expression of each query; every one is valid as both an instant and a range query. */
export const QUERIES = Object.freeze([
  { name: 'rate', expr: 'rate(http_requests_total[5m])' },
  { name: 'sum by (job) rate', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
  {
    name: 'histogram_quantile',
    expr: 'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
  },
  {
    name: 'histogram_quantile by job',
    expr: 'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))',
  },
  // Over latency sums, not request counts: integer counters tie, and 2.42 (pop + push) and 3.x
  // (replace the heap's top) keep different series among equal values.
  { name: 'topk', expr: 'topk(5, rate(http_request_duration_seconds_sum[5m]))' },
  { name: 'subquery', expr: 'max_over_time(rate(http_requests_total{method="GET"}[5m])[30m:1m])' },
  {
    name: 'join group_left',
    expr:
      'sum by (job, instance) (rate(http_requests_total[5m]))' +
      ' * on (job, instance) group_left (version) app_build_info',
  },
  {
    name: 'error ratio',
    expr:
      'sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))' +
      ' / sum by (job) (rate(http_requests_total[5m]))',
  },
  { name: 'avg_over_time', expr: 'avg_over_time(queue_length[10m])' },
  // 30m keeps every window inside the data: where a window starts before the first sample, 2.42
  // clamps the extrapolation to the counter's zero point before its 1.1-interval threshold, 3.x after.
  { name: 'increase 30m', expr: 'increase(http_request_duration_seconds_count[30m])' },
  { name: 'quantile by job', expr: 'quantile by (job) (0.5, node_memory_usage_bytes)' },
  { name: 'count by', expr: 'count by (status) (http_requests_total)' },
])

const HALF_MINUTE_MS = 30_000

/**
 * Where the queries run for a data shape: instant queries near the end of the data, range queries
 * over everything after the first 40 minutes at a 1-minute step.
 * @param {{ hours: number }} shape
 */
export function queryTimes(shape) {
  const lastMinute = Math.floor(endOfData(shape) / 60_000) * 60_000
  return {
    instantMs: lastMinute - HALF_MINUTE_MS,
    startMs: START_MS + 40 * 60_000 + HALF_MINUTE_MS,
    endMs: lastMinute - HALF_MINUTE_MS,
    stepMs: 60_000,
  }
}
