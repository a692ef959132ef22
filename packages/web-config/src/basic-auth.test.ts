import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { BasicAuthVerifier, parseBasicAuth } from './basic-auth.js'

const b64 = (s: string): string => Buffer.from(s).toString('base64')

describe('parseBasicAuth', () => {
  it.each([
    [`Basic ${b64('alice:s3cret')}`, { user: 'alice', password: 's3cret' }],
    [`basic ${b64('alice:a:b')}`, { user: 'alice', password: 'a:b' }],
    [`Basic ${b64(':')}`, { user: '', password: '' }],
    [undefined, undefined],
    ['Bearer abc', undefined],
    [`Basic ${b64('no-colon')}`, undefined],
    ['Basic !!!!', undefined],
    ['Basic', undefined],
  ])('reads %j', (header, want) => {
    expect(parseBasicAuth(header)).toEqual(want)
  })
})

describe('BasicAuthVerifier', () => {
  const users = new Map([
    ['alice', bcrypt.hashSync('right', 4)],
    ['bob', bcrypt.hashSync('other', 4).replace('$2b$', '$2y$')],
  ])

  it.each([
    ['alice', 'right', true],
    ['alice', 'wrong', false],
    ['alice', '', false],
    ['bob', 'other', true],
    ['bob', 'right', false],
    ['mallory', 'right', false],
  ])('%s with %j is %s', async (user, password, want) => {
    expect(await new BasicAuthVerifier().verify(users, user, password)).toBe(want)
  })

  it('runs bcrypt once for 1,000 repeated checks, sequential or concurrent', async () => {
    const verifier = new BasicAuthVerifier()
    const concurrent = await Promise.all(
      Array.from({ length: 500 }, () => verifier.verify(users, 'alice', 'right')),
    )
    for (let i = 0; i < 500; i++) expect(await verifier.verify(users, 'alice', 'right')).toBe(true)
    expect(concurrent.every(Boolean)).toBe(true)
    expect(verifier.bcryptRuns).toBe(1)
  })

  it('caches failures too, and a changed hash is verified again', async () => {
    const verifier = new BasicAuthVerifier()
    for (let i = 0; i < 10; i++) expect(await verifier.verify(users, 'alice', 'wrong')).toBe(false)
    expect(verifier.bcryptRuns).toBe(1)
    const changed = new Map([['alice', bcrypt.hashSync('wrong', 4)]])
    expect(await verifier.verify(changed, 'alice', 'wrong')).toBe(true)
    expect(verifier.bcryptRuns).toBe(2)
  })

  it('keeps the cache bounded, forgetting the oldest outcome', async () => {
    const verifier = new BasicAuthVerifier({ cacheSize: 2 })
    await verifier.verify(users, 'alice', 'p1')
    await verifier.verify(users, 'alice', 'p2')
    await verifier.verify(users, 'alice', 'p3')
    expect(verifier.bcryptRuns).toBe(3)
    await verifier.verify(users, 'alice', 'p3')
    expect(verifier.bcryptRuns).toBe(3)
    await verifier.verify(users, 'alice', 'p1')
    expect(verifier.bcryptRuns).toBe(4)
  })
})
