import { describe, expect, it } from 'vitest'
import { InvalidNameError } from '@watchfire/model'
import { groupingKeyPath } from './grouping-key.js'

describe('groupingKeyPath', () => {
  it.each([
    // [job, groupings, path] — base64url values computed independently (Python's base64.urlsafe_b64encode).
    ['batch', undefined, '/job/batch'],
    ['batch', {}, '/job/batch'],
    ['batch', { instance: 'host-1:9100' }, '/job/batch/instance/host-1%3A9100'],
    ['my job', { a: '1', b: '2' }, '/job/my%20job/a/1/b/2'],
    ['a/b', undefined, '/job@base64/YS9i'],
    ['batch', { path: '/var/tmp' }, '/job/batch/path@base64/L3Zhci90bXA'],
    ['batch', { instance: '' }, '/job/batch/instance@base64/='],
    ['batch', { dot: '.', dots: '..' }, '/job/batch/dot@base64/Lg/dots@base64/Li4'],
    ['batch', { city: 'Zürich' }, '/job/batch/city/Z%C3%BCrich'],
    ['batch', { cities: 'Zürich/Genève' }, '/job/batch/cities@base64/WsO8cmljaC9HZW7DqHZl'],
    ['東京', { route: '東京/大阪' }, '/job/%E6%9D%B1%E4%BA%AC/route@base64/5p2x5LqsL-Wkp-mYqg'],
    ['batch', { q: 'a?b#c%d+e' }, '/job/batch/q/a%3Fb%23c%25d%2Be'],
    ['', { ignored: 'x' }, ''],
    [undefined, undefined, ''],
  ])('job %j with groupings %j goes to %s', (job, groupings, path) => {
    expect(groupingKeyPath(job, groupings)).toBe(path)
  })

  it('sends numbers passed by plain-JavaScript callers as text', () => {
    const groupings = { shard: 3 } as unknown as Record<string, string>
    expect(groupingKeyPath('batch', groupings)).toBe('/job/batch/shard/3')
  })

  it.each(['bad/name', 'with@at', '1starts_with_digit', ''])('rejects the grouping label name %j', (name) => {
    expect(() => groupingKeyPath('batch', { [name]: 'v' })).toThrow(InvalidNameError)
  })
})
