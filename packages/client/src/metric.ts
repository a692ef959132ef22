import type { Counter } from './counter.js'
import type { Gauge } from './gauge.js'
import type { Histogram } from './histogram.js'
import type { Summary } from './summary.js'

/** Any of the four metric types (prom-client's `Metric<T>`). */
export type Metric<T extends string = string> = Counter<T> | Gauge<T> | Histogram<T> | Summary<T>
