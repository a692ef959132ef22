import { isMap, isScalar } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseYamlV2 } from './yaml-reader.js'

class TestError extends Error {}
const toError = (message: string): Error => new TestError(message)

describe('parseYamlV2', () => {
  it.each([
    ['a: yes', true],
    ['a: off', false],
    ['a: "yes"', 'yes'],
    ['a: 1.5', 1.5],
  ])('reads %j with YAML 1.1 scalars', (text, want) => {
    const { contents } = parseYamlV2(text, toError)
    if (!isMap(contents)) throw new Error('expected a mapping')
    const value = contents.items[0]?.value
    expect(isScalar(value) ? value.value : undefined).toBe(want)
  })

  it('leaves repeated keys to the caller', () => {
    const { contents } = parseYamlV2('a: 1\na: 2\n', toError)
    expect(isMap(contents) ? contents.items.length : 0).toBe(2)
  })

  it('reads an empty document as null', () => {
    expect(parseYamlV2('', toError).contents).toBeNull()
  })

  it.each([
    ['a: [1, 2\n', 2],
    ['\n\na: [1, 2\n', 4],
  ])("throws the first syntax error of %j as Go words it, through the caller's error", (text, line) => {
    let caught: unknown
    try {
      parseYamlV2(text, toError)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(TestError)
    expect((caught as Error).message).toMatch(new RegExp(`^yaml: line ${line}: \\S`))
  })

  it('counts lines for positions', () => {
    const { contents, lines } = parseYamlV2('\n\na: 1\n', toError)
    const offset = isMap(contents) ? contents.range?.[0] : undefined
    expect(lines.linePos(offset ?? -1).line).toBe(3)
  })
})
