import { Labels } from '@watchfire/model'
import { ERR_OUT_OF_ORDER_SAMPLE } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { Head } from './head.js'
import { HeadAppender } from './head-appender.js'

const HOUR = 3_600_000
const X = Labels.fromRecord({ __name__: 'x' })

type Step = [app: 'a' | 'b' | 'c', op: 'append' | 'commit' | 'rollback', t?: number, v?: number]

describe('HeadAppender with several appenders open', () => {
  it.each<[string, Step[], { samples: number; lastT: number; rejected: number }]>([
    [
      'the second commit of a time is a dropped duplicate',
      [
        ['a', 'append', 10, 1],
        ['b', 'append', 10, 2],
        ['a', 'commit'],
        ['b', 'commit'],
      ],
      { samples: 1, lastT: 10, rejected: 0 },
    ],
    [
      'a batch older than a concurrent commit is dropped at its own commit',
      [
        ['a', 'append', 10, 1],
        ['b', 'append', 20, 1],
        ['b', 'append', 30, 1],
        ['a', 'append', 15, 1],
        ['b', 'commit'],
        ['a', 'commit'],
      ],
      { samples: 2, lastT: 30, rejected: 0 },
    ],
    [
      'a batch keeps its own order after the series changed hands',
      [
        ['a', 'append', 1, 1],
        ['b', 'append', 5, 1],
        ['a', 'rollback'],
        ['c', 'append', 2, 1],
        ['b', 'append', 4, 1],
        ['b', 'append', 6, 1],
        ['c', 'append', 3, 1],
        ['b', 'commit'],
        ['c', 'commit'],
      ],
      { samples: 2, lastT: 6, rejected: 1 },
    ],
  ])('%s', async (_title, steps, want) => {
    const head = new Head(2 * HOUR)
    const apps = { a: new HeadAppender(head), b: new HeadAppender(head), c: new HeadAppender(head) }
    let rejected = 0
    for (const [name, op, t, v] of steps) {
      const app = apps[name]
      if (op === 'commit') await app.commit()
      else if (op === 'rollback') await app.rollback()
      else {
        try {
          app.append(0, X, t as number, v as number)
        } catch (err) {
          expect(err).toBe(ERR_OUT_OF_ORDER_SAMPLE)
          rejected++
        }
      }
    }
    const s = head.series(1)
    expect({ samples: s?.samples, lastT: s?.lastT, rejected }).toEqual(want)
    expect(s?.pending).toBe(0)
    expect(s?.appender).toBeUndefined()
  })
})
