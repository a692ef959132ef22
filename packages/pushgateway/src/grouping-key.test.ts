import { describe, expect, it } from 'vitest'
import { decodeBase64Value, groupKeyOf, parseGroupingPath } from './grouping-key.js'
import { RequestError } from './errors.js'

describe('parseGroupingPath', () => {
  it.each([
    ['/job/batch', { job: 'batch' }],
    ['/job/batch/', { job: 'batch' }],
    ['/job/batch/instance/a', { instance: 'a', job: 'batch' }],
    ['/job/batch/zone/eu/instance/a', { instance: 'a', job: 'batch', zone: 'eu' }],
    ['/job@base64/YS9i', { job: 'a/b' }],
    ['/job@base64/YS9i==', { job: 'a/b' }],
    ['/job/x/path@base64/L3Zhci90bXA', { job: 'x', path: '/var/tmp' }],
    ['/job/x/path@base64/L3Zhci90bXA=', { job: 'x', path: '/var/tmp' }],
    ['/job/x/empty@base64/=', { empty: '', job: 'x' }],
    ['/job/x/empty@base64/', { empty: '', job: 'x' }],
    ['/job/x/job/y', { job: 'x' }],
    ['/job/x/a/', { a: '', job: 'x' }],
  ])('%s', (path, labels) => {
    const parsed = parseGroupingPath(path)
    expect(parsed).toEqual(labels)
    expect(Object.keys(parsed)).toEqual(Object.keys(labels).sort())
  })

  it.each([
    ['/job/x/a', 'odd number of components in label string "/a"'],
    ['/job/x/a/b/', 'odd number of components in label string "/a/b/"'],
    ['/job/x/1a/b', 'improper label name "1a"'],
    ['/job/x/__a/b', 'improper label name "__a"'],
    ['/job/x/a-b/c', 'improper label name "a-b"'],
    ['/job/x/a@base64/!!', 'invalid base64 encoding for label a="!!"'],
    ['/job/x/a@base64/a+b/', 'odd number of components'],
    ['/job@base64/$$', 'invalid base64 encoding in job name "$$"'],
    ['/job@base64/=', 'job name is required'],
    ['/job/', 'job name is required'],
  ])('refuses %s with 400', (path, message) => {
    const err = (() => {
      try {
        parseGroupingPath(path)
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(err).toBeInstanceOf(RequestError)
    expect((err as RequestError).status).toBe(400)
    expect((err as RequestError).message).toContain(message)
  })
})

describe('decodeBase64Value', () => {
  it.each([
    ['', ''],
    ['=', ''],
    ['Zm9v', 'foo'],
    ['Zm9vYg', 'foob'],
    ['Zm9vYg==', 'foob'],
    ['_-8', Buffer.from([0xff, 0xef]).toString('utf8')],
  ])('%s decodes', (text, value) => expect(decodeBase64Value(text)).toBe(value))

  it.each(['Z', 'Zm9v+', 'Zm9v/', 'Zm 9v'])('%s is refused', (text) =>
    expect(decodeBase64Value(text)).toBeUndefined(),
  )
})

describe('groupKeyOf', () => {
  it('separates label sets that concatenate alike', () => {
    expect(groupKeyOf({ a: 'b', c: 'd' })).not.toBe(groupKeyOf({ a: 'bc', d: '' }))
    expect(groupKeyOf({ job: 'x' })).toBe(groupKeyOf(parseGroupingPath('/job/x')))
  })
})
