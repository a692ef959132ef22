import { bench, describe } from 'vitest'
import type { MetricFamily } from '../metric-family.js'
import { decodeProtobuf } from './protobuf-decode.js'
import { encodeProtobuf } from './protobuf-encode.js'
import { formatText } from './text-format.js'

// The scrape-sized case from the anchors (prom-client's registry.metrics() for 100k counter series):
// encodeProtobuf is compared with formatText in the same run, which is the ratio to read.
const SERIES = 100_000
const families: MetricFamily[] = [
  {
    name: 'http_requests_total',
    help: 'Requests served, by method and path.',
    type: 'counter',
    unit: '',
    metrics: Array.from({ length: SERIES }, (_, i) => ({
      labels: { method: i % 2 === 0 ? 'GET' : 'POST', path: `/api/v1/items/${i}` },
      value: i * 1.5,
    })),
  },
]
const encoded = encodeProtobuf(families)

describe(`${SERIES} counter series`, () => {
  bench('encodeProtobuf', () => {
    encodeProtobuf(families)
  })
  bench('formatText (same families)', () => {
    formatText(families)
  })
  bench('decodeProtobuf', () => {
    decodeProtobuf(encoded)
  })
})
