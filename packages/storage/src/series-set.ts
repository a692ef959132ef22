import type { Series, SeriesSet } from './querier.js'

/** A series set over an array the caller has already built (and sorted, if that was asked). */
export class ArraySeriesSet implements SeriesSet {
  private i = -1
  private readonly series: readonly Series[]
  private readonly warns: readonly string[]

  constructor(series: readonly Series[], warnings: readonly string[] = []) {
    this.series = series
    this.warns = warnings
  }

  next(): boolean {
    if (this.i >= this.series.length) return false
    this.i++
    return this.i < this.series.length
  }

  at(): Series {
    const s = this.series[this.i]
    if (s === undefined) throw new RangeError('cannot read series (set not positioned)')
    return s
  }

  err(): Error | undefined {
    return undefined
  }

  warnings(): readonly string[] {
    return this.warns
  }
}

/** A series set that failed before yielding anything; `err()` reports why. */
export class ErrorSeriesSet implements SeriesSet {
  private readonly error: Error

  constructor(error: Error) {
    this.error = error
  }

  next(): boolean {
    return false
  }

  at(): Series {
    throw new RangeError('cannot read series (set failed)', { cause: this.error })
  }

  err(): Error | undefined {
    return this.error
  }

  warnings(): readonly string[] {
    return []
  }
}
