import { describe, expect, it } from 'vitest'
import { formatV, sprint, sprintf } from './sprintf.js'

describe('sprintf', () => {
  it.each([
    ['%v %v %v %v', [1.5, 1e6, 123456.0, 1e-5], '1.5 1e+06 123456 1e-05'],
    ['%v', [0.1 + 0.2], '0.30000000000000004'],
    ['%d %5d %-5d| %05d %+d % d', [42n, 42n, 42n, -42n, 5n, 5n], '42    42 42   | -0042 +5  5'],
    [
      '%x %X %#x %o %#o %b %c %q %U',
      [255n, 255n, 255n, 8n, 8n, 5n, 65n, 66n, 0x1f600n],
      "ff FF 0xff 10 010 101 A 'B' U+1F600",
    ],
    ['%.2f %.0f %.0f %.2f %f', [3.14159, 2.5, 3.5, 0.125, 1], '3.14 2 4 0.12 1.000000'],
    [
      '%e %E %.3e %g %G %.4g %.4g',
      [123456.789, 1e-7, 0, 1e-7, 1e21, 1234567, 0.5],
      '1.234568e+05 1.000000E-07 0.000e+00 1e-07 1E+21 1.235e+06 0.5',
    ],
    ['%8.3f|%-8.2f|%08.3f|%+.1e', [3.14159, 2.5, -3.14159, 12345], '   3.142|2.50    |-003.142|+1.2e+04'],
    ['%v %v %v %f %5.1f', [Infinity, -Infinity, NaN, Infinity, NaN], '+Inf -Inf NaN +Inf   NaN'],
    ['%x %X', [1234567.5, -0.5], '0x1.2d6878p+20 -0X1P-01'],
    [
      '%s|%5s|%-5s|%.2s|%q|%x|% x',
      ['hi', 'ab', 'ab', 'abc', 'a"b\n', 'hi', 'hi'],
      'hi|   ab|ab   |ab|"a\\"b\\n"|6869|68 69',
    ],
    ['%#q %q', ['back', 'é\u0001'], '`back` "é\\x01"'],
    ['%t %v', [true, false], 'true false'],
    ['%v %v', [['a', 'b'], { b: 2n, a: 1n }], '[a b] map[a:1 b:2]'],
    [
      '%s %d',
      [
        ['a', 'b'],
        [1n, 2n],
      ],
      '[a b] [1 2]',
    ],
    [
      '%T %T %T %T %T',
      [1n, 1.5, 's', { a: 'x' }, [1n]],
      'int float64 string map[string]string []interface {}',
    ],
    ['%d %s %t', ['x', 1.5, 1n], '%!d(string=x) %!s(float64=1.5) %!t(int=1)'],
    ['%s %s', ['a'], 'a %!s(MISSING)'],
    ['%s', ['a', 'b', 2n], 'a%!(EXTRA string=b, int=2)'],
    ['%d %v', [null, null], '%!d(<nil>) <nil>'],
    ['100%% %', [], '100% %!(NOVERB)'],
    ['%*d|%-*d|%.*f', [5n, 1n, 4n, 2n, 2n, 3.14159], '    1|2   |3.14'],
    ['%z', [1n], '%!z(int=1)'],
  ] as Array<[string, unknown[], string]>)('%s', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want)
  })

  it('prints the shortest float that reads back, switching to exponents outside 1e-4..1e21 as Go does', () => {
    expect(formatV(100000)).toBe('100000')
    expect(formatV(1234567)).toBe('1.234567e+06')
    expect(formatV(0.0001)).toBe('0.0001')
    expect(formatV(-0)).toBe('-0')
    expect(formatV(5e-324)).toBe('5e-324')
  })

  it('adds spaces between operands only when neither is a string (fmt.Sprint)', () => {
    expect(sprint([1n, 2n, 'a', 'b', 3n, 4.5])).toBe('1 2ab3 4.5')
  })
})
