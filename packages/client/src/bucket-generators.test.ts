import promClient from 'prom-client'
import { describe, expect, it } from 'vitest'
import { exponentialBuckets, linearBuckets } from './bucket-generators.js'
import { MetricConfigError } from './errors.js'

describe('bucket generators', () => {
  it.each([
    [0, 1, 1],
    [1, 0.5, 5],
    [-2, 3, 4],
  ])('linearBuckets(%s, %s, %s) matches prom-client', (start, width, count) => {
    expect(linearBuckets(start, width, count)).toEqual(promClient.linearBuckets(start, width, count))
  })

  it.each([
    [1, 2, 1],
    [0.001, 10, 6],
    [0.5, 1.5, 4],
  ])('exponentialBuckets(%s, %s, %s) matches prom-client', (start, factor, count) => {
    expect(exponentialBuckets(start, factor, count)).toEqual(
      promClient.exponentialBuckets(start, factor, count),
    )
  })

  it.each([
    [() => linearBuckets(0, 1, 0), /count 0 must be a positive integer/],
    [() => linearBuckets(0, 0, 3), /width 0 must be finite, width > 0/],
    [() => linearBuckets(NaN, 1, 3), /start NaN/],
    [() => exponentialBuckets(0, 2, 3), /start 0 must be finite and > 0/],
    [() => exponentialBuckets(1, 1, 3), /factor 1 must be finite and > 1/],
    [() => exponentialBuckets(1, 2, 1.5), /count 1.5 must be a positive integer/],
  ])('rejects bad arguments (%#)', (call, message) => {
    expect(call).toThrow(MetricConfigError)
    expect(call).toThrow(message)
  })
})
