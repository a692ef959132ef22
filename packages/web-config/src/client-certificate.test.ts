import { describe, expect, it } from 'vitest'
import { subjectAltNames } from './client-certificate.js'

describe('subjectAltNames', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['DNS:localhost', ['localhost']],
    ['DNS:a.example, IP Address:127.0.0.1, email:x@y.z', ['a.example', '127.0.0.1', 'x@y.z']],
    ['URI:spiffe://wf/test, DNS:b', ['spiffe://wf/test', 'b']],
    ['DNS:"a, b", DNS:c', ['a, b', 'c']],
    ['IP Address:0:0:0:0:0:0:0:1', ['::1']],
  ])('splits %j', (text, want) => {
    expect(subjectAltNames(text)).toEqual(want)
  })
})
