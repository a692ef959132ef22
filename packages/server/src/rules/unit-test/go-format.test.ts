import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { formatAlertList, formatFloatE, formatGoDuration } from './go-format.js'

describe('Go formatting as promtool prints it', () => {
  it.each([
    [1, '1E+00'],
    [0, '0E+00'],
    [10, '1E+01'],
    [0.5, '5E-01'],
    [123.456, '1.23456E+02'],
    [-2.5e-10, '-2.5E-10'],
    [1e100, '1E+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('formats %d with %%E', (v, want) => {
    expect(formatFloatE(v)).toBe(want)
  })

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1000, '1s'],
    [60_000, '1m0s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h0m0s'],
    [3_723_000, '1h2m3s'],
  ])('formats %d ms as a Go duration', (ms, want) => {
    expect(formatGoDuration(ms)).toBe(want)
  })

  it('lists alerts with their index, labels and annotations', () => {
    expect(formatAlertList([])).toBe('[]')
    const a = {
      labels: Labels.fromRecord({ alertname: 'X', i: '1' }),
      annotations: Labels.fromRecord({ s: 'y' }),
    }
    expect(formatAlertList([a, a])).toBe(
      '[\n0:\n  Labels:{alertname="X", i="1"}\n  Annotations:{s="y"},\n1:\n  Labels:{alertname="X", i="1"}\n  Annotations:{s="y"}\n]',
    )
  })
})
