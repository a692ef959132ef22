import { Labels, Matcher } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { Head } from './head.js'
import { HeadAppender } from './head-appender.js'
import { sortedByLabels } from './sorted-postings.js'

const HOUR = 3_600_000
const NAME = new Matcher('=', '__name__', 'x')

async function add(head: Head, t: number, ...values: string[]): Promise<void> {
  const app = new HeadAppender(head)
  for (const v of values) app.append(0, Labels.fromRecord({ __name__: 'x', v }), t, 1)
  await app.commit()
}

function sortedValues(head: Head): string[] {
  return sortedByLabels(head, head.postings.select([NAME])).map(
    (ref) => head.series(ref)?.labels.get('v') ?? '?',
  )
}

describe('sortedByLabels', () => {
  it.each([
    ['created in label order', ['a', 'b', 'c']],
    ['created in reverse', ['c', 'b', 'a']],
    ['numbers as strings', ['10', '9', '100', '1']],
  ])('orders by labels: %s', async (_case, values) => {
    const head = new Head(2 * HOUR)
    await add(head, 1, ...values)
    expect(sortedValues(head)).toEqual([...values].sort())
  })

  it('sees series added and removed after an order was remembered', async () => {
    const head = new Head(2 * HOUR)
    await add(head, 1, 'm', 'c')
    expect(sortedValues(head)).toEqual(['c', 'm'])
    await add(head, 2, 'a')
    expect(sortedValues(head)).toEqual(['a', 'c', 'm'])
    // Series of t=1 only go once truncated past; then one comes back under a new ref.
    await add(head, HOUR * 3, 'm')
    head.truncate(HOUR * 3)
    expect(sortedValues(head)).toEqual(['m'])
    await add(head, HOUR * 3 + 1, 'b', 'z')
    expect(sortedValues(head)).toEqual(['b', 'm', 'z'])
  })
})
