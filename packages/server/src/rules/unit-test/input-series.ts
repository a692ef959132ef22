import type { Labels, NativeHistogram } from '@watchfire/model'
import { parseMetricSelector, parseSeriesLabels, parseSeriesLine } from '@watchfire/promql'
import { STALE_NAN, type Appendable } from '@watchfire/storage'

/** One input sample; exactly one of `v` and `h` applies. */
interface InputSample {
  labels: Labels
  t: number
  v: number
  h: NativeHistogram | undefined
}

/**
 * The `input_series` of a test group, expanded (`0+10x100`, `_`, `stale`, histograms) and fed to
 * storage in time order, up to each evaluation time, as promtool's lazy loader does.
 */
export class InputSeries {
  private readonly samples: InputSample[] = []
  private next = 0

  /** Parses every series; throws ScriptSyntaxError naming the bad one. */
  constructor(series: readonly { series: string; values: string }[], intervalMs: number) {
    series.forEach((s, i) => {
      const line = parseSeriesOrExplain(`${s.series} ${s.values}`, i + 1)
      line.values.forEach((value, k) => {
        const t = k * intervalMs
        if (value.kind === 'float') this.samples.push({ labels: line.labels, t, v: value.v, h: undefined })
        else if (value.kind === 'stale')
          this.samples.push({ labels: line.labels, t, v: STALE_NAN, h: undefined })
        else if (value.kind === 'histogram') this.samples.push({ labels: line.labels, t, v: 0, h: value.h })
      })
    })
    this.samples.sort((a, b) => a.t - b.t)
  }

  /** Appends every sample with a timestamp up to `timeMs` not appended yet. */
  async appendUntil(appendable: Appendable, timeMs: number): Promise<void> {
    if (this.next >= this.samples.length || (this.samples[this.next] as InputSample).t > timeMs) return
    const app = appendable.appender()
    while (this.next < this.samples.length) {
      const s = this.samples[this.next] as InputSample
      if (s.t > timeMs) break
      if (s.h !== undefined) app.appendHistogram(0, s.labels, s.t, s.h)
      else app.append(0, s.labels, s.t, s.v)
      this.next++
    }
    await app.commit()
  }
}

/**
 * Parses a series line; when its label part is malformed, the error is the PromQL parser's (what
 * promtool reports, e.g. `1:4: parse error: unexpected character inside braces: '1'`).
 */
function parseSeriesOrExplain(text: string, line: number): ReturnType<typeof parseSeriesLine> {
  try {
    return parseSeriesLine(text, line)
  } catch (err) {
    throw labelsError(text, line) ?? err
  }
}

/** The PromQL parser's error for a malformed label part of `text`, if that is what is wrong. */
export function labelsError(text: string, line: number): Error | undefined {
  try {
    parseSeriesLabels(text, line)
    return undefined
  } catch {
    try {
      parseMetricSelector(text)
    } catch (err) {
      // Prometheus parses these as a label set, not as matchers; its messages name that context.
      const e = err as Error
      return new Error(e.message.replace('in label matching', 'in label set'), { cause: e })
    }
    return undefined
  }
}
