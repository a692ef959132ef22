import { describe, expect, it } from 'vitest'
import { validateLabelName, validateMetricName } from './validation.js'

describe('name validation (classic character set, as prom-client)', () => {
  it.each([
    ['http_requests_total', true],
    ['ns:rule:rate5m', true],
    ['_private', true],
    ['9lives', false],
    ['with-dash', false],
    ['', false],
  ])('validateMetricName(%j) is %s', (name, ok) => {
    expect(validateMetricName(name)).toBe(ok)
  })

  it.each([
    [['method', 'code'], true],
    [[], true],
    [['a:b'], false],
    [['ok', '1bad'], false],
  ])('validateLabelName(%j) is %s', (names, ok) => {
    expect(validateLabelName(names)).toBe(ok)
  })
})
