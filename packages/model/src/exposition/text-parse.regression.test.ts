import { describe, expect, it } from 'vitest'
import { formatText } from './text-format.js'
import { parseText } from './text-parse.js'

// Found by the fuzz suite (test/fuzz): an `le` label on a histogram's _sum or _count (a `quantile`
// label on a summary's) was kept as a label, making a second metric that formatText then wrote with
// `le` twice, which no parser reads. Go's parser never adds these labels to a histogram's or
// summary's label set, whichever sample carries them.
describe('parseText bound labels on _sum and _count (fuzz finding)', () => {
  it.each([
    [
      'a histogram',
      '# TYPE a histogram\na_bucket{le="+Inf"} 2\na_sum{le="+Inf"} 3\na_count{le="x"} 2\n',
      [
        {
          labels: {},
          histogram: { count: 2, sum: 3, buckets: [{ upperBound: Infinity, cumulativeCount: 2 }] },
        },
      ],
    ],
    [
      'a summary',
      '# TYPE s summary\ns{quantile="0.5",j="1"} 1\ns_sum{j="1",quantile="0.5"} 4\ns_count{j="1"} 2\n',
      [{ labels: { j: '1' }, summary: { count: 2, sum: 4, quantiles: [{ quantile: 0.5, value: 1 }] } }],
    ],
  ])('keeps %s in one metric', (_, text, metrics) => {
    const families = parseText(text)
    expect(families[0]?.metrics).toEqual(metrics)
    const written = formatText(families)
    expect(formatText(parseText(written))).toBe(written)
  })
})
