import { compareStrings, Labels } from '@watchfire/model'

/**
 * Labels a rule sets on every sample it writes (`__name__` and the rule's `labels`), prepared once
 * so that applying them is a merge of two sorted lists: no record built and sorted per sample.
 */
export class LabelOverrides {
  /** `[name, value, …]` sorted by name; an empty value removes the label. */
  private readonly flat: readonly string[]

  constructor(overrides: Readonly<Record<string, string>>) {
    const names = Object.keys(overrides).sort(compareStrings)
    this.flat = names.flatMap((n) => [n, overrides[n] as string])
  }

  /** `labels` with every override set (or, for an empty value, removed). */
  apply(labels: Labels): Labels {
    const a = labels.toFlat()
    const b = this.flat
    const out: string[] = []
    let i = 0
    let j = 0
    while (i < a.length || j < b.length) {
      const c = i >= a.length ? 1 : j >= b.length ? -1 : compareStrings(a[i] as string, b[j] as string)
      if (c < 0) {
        out.push(a[i] as string, a[i + 1] as string)
        i += 2
        continue
      }
      if (c === 0) i += 2
      const value = b[j + 1] as string
      if (value !== '') out.push(b[j] as string, value)
      j += 2
    }
    return Labels.fromSortedFlat(out)
  }
}
