import { describe, expect, it } from 'vitest'
import { Deadline } from './deadline.js'

describe('Deadline', () => {
  it('calls the listeners still registered when it expires, once', () => {
    const d = new Deadline()
    const calls: string[] = []
    d.onExpiry(() => calls.push('a'))
    const off = d.onExpiry(() => calls.push('b'))
    d.onExpiry(() => calls.push('c'))
    off()
    expect(d.expired).toBe(false)
    d.expire()
    d.expire()
    expect([d.expired, calls]).toEqual([true, ['a', 'c']])
  })

  it('does not call a listener registered after it expired', () => {
    const d = new Deadline()
    d.expire()
    let called = false
    d.onExpiry(() => (called = true))
    expect(called).toBe(false)
  })

  it.each([
    ['asked for before it expires', false],
    ['asked for after it expired', true],
  ])('gives an AbortSignal that aborts with it, %s', (_, expireFirst) => {
    const d = new Deadline()
    if (expireFirst) d.expire()
    const signal = d.signal()
    expect(signal.aborted).toBe(expireFirst)
    d.expire()
    expect(signal.aborted).toBe(true)
    expect(d.signal()).toBe(signal)
  })
})
