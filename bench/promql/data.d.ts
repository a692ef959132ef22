// Types of data.js, for the TypeScript end-to-end suite that reuses the data set.
import type { Appendable } from '@watchfire/storage'

/** How much data to generate: targets are jobs × instancesPerJob, each with 40 series. */
export interface DataShape {
  readonly jobs: number
  readonly instancesPerJob: number
  readonly hours: number
}

/** One generated series: its family (for OpenMetrics), labels including __name__, one value per sample. */
export interface GeneratedSeries {
  family: string
  type: 'counter' | 'gauge' | 'histogram'
  labels: Record<string, string>
  values: Float64Array
}

/** The full benchmark: 2,000 series, 4 h at 15 s. */
export declare const BENCH_SHAPE: DataShape
/** The end-to-end test's data: 240 series, 1 h. */
export declare const SMALL_SHAPE: DataShape
/** The data starts here (2024-01-01T00:00:00Z). */
export declare const START_MS: number
/** The sample interval: 15 s. */
export declare const INTERVAL_MS: number
/** Samples sit this far past a whole 15 s step (half seconds). */
export declare const SAMPLE_OFFSET_MS: number
/** Samples per series for a shape. */
export declare function sampleCount(shape: DataShape): number
/** The timestamp of sample `i`, in ms. */
export declare function sampleTime(i: number): number
/** The last sample's timestamp for a shape, in ms. */
export declare function endOfData(shape: DataShape): number
/** Every series of the data set, grouped by metric family. */
export declare function buildSeries(shape: DataShape): GeneratedSeries[]
/** Writes the series as OpenMetrics text with timestamps; resolves to the bytes written. */
export declare function writeOpenMetrics(
  series: GeneratedSeries[],
  shape: DataShape,
  path: string,
): Promise<number>
/** Appends the same samples to a store; resolves to the number of samples appended. */
export declare function loadInto(
  appendable: Appendable,
  series: GeneratedSeries[],
  shape: DataShape,
): Promise<number>
