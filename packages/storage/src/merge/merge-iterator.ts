import type { NativeHistogram } from '@watchfire/model'
import { ValueType, type SampleIterator } from '../sample-iterator.js'

/**
 * Interleaves several iterators of the same series by timestamp. When two hold a sample at the
 * same timestamp, the earlier iterator in the list wins and the others' sample is skipped.
 */
export class MergeIterator implements SampleIterator {
  private readonly its: readonly SampleIterator[]
  private readonly kinds: ValueType[]
  private started = false
  private cur = -1

  constructor(its: readonly SampleIterator[]) {
    this.its = its
    this.kinds = its.map(() => ValueType.None)
  }

  next(): ValueType {
    if (!this.started) {
      this.started = true
      for (let i = 0; i < this.its.length; i++) this.kinds[i] = (this.its[i] as SampleIterator).next()
    } else if (this.cur >= 0) {
      const t = this.atT()
      for (let i = 0; i < this.its.length; i++) {
        const it = this.its[i] as SampleIterator
        if (this.kinds[i] !== ValueType.None && it.atT() === t) this.kinds[i] = it.next()
      }
    }
    return this.pick()
  }

  seek(t: number): ValueType {
    if (this.started && this.cur >= 0 && this.atT() >= t) return this.kinds[this.cur] as ValueType
    if (this.started && this.cur < 0) return ValueType.None
    this.started = true
    for (let i = 0; i < this.its.length; i++) this.kinds[i] = (this.its[i] as SampleIterator).seek(t)
    return this.pick()
  }

  atT(): number {
    return this.current().atT()
  }

  atF(): number {
    return this.current().atF()
  }

  atHistogram(): NativeHistogram {
    return this.current().atHistogram()
  }

  atST(): number {
    return this.current().atST?.() ?? 0
  }

  err(): Error | undefined {
    for (const it of this.its) {
      const e = it.err()
      if (e !== undefined) return e
    }
    return undefined
  }

  private pick(): ValueType {
    this.cur = -1
    let best = Infinity
    for (let i = 0; i < this.its.length; i++) {
      if (this.kinds[i] === ValueType.None) continue
      const t = (this.its[i] as SampleIterator).atT()
      if (t < best) {
        best = t
        this.cur = i
      }
    }
    return this.cur < 0 ? ValueType.None : (this.kinds[this.cur] as ValueType)
  }

  private current(): SampleIterator {
    const it = this.its[this.cur]
    if (it === undefined) throw new RangeError('cannot read sample (iterator not positioned)')
    return it
  }
}
