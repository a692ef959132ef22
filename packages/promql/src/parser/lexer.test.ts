import { describe, expect, it } from 'vitest'
import { lex } from './lexer.js'

const kinds = (input: string): string[] =>
  lex(input).map((t) => (t.kind === t.text || t.kind === 'EOF' ? t.kind : `${t.kind}:${t.text}`))

const cases: Array<[string, string[]]> = [
  [
    'sum by (job) (rate(x[5m]))',
    [
      'sum',
      'by',
      '(',
      'IDENTIFIER:job',
      ')',
      '(',
      'IDENTIFIER:rate',
      '(',
      'IDENTIFIER:x',
      '[',
      'DURATION:5m',
      ']',
      ')',
      ')',
      'EOF',
    ],
  ],
  ['SUM Offset', ['sum:SUM', 'offset:Offset', 'EOF']],
  [
    'a:b{sum="x",y!~`z`}',
    [
      'METRIC_IDENTIFIER:a:b',
      '{',
      'IDENTIFIER:sum',
      '=',
      'STRING:"x"',
      ',',
      'IDENTIFIER:y',
      '!~',
      'STRING:`z`',
      '}',
      'EOF',
    ],
  ],
  [
    '1 <= 2 </ 3 >/ 4 != 5',
    ['NUMBER:1', '<=', 'NUMBER:2', '</', 'NUMBER:3', '>/', 'NUMBER:4', '!=', 'NUMBER:5', 'EOF'],
  ],
  [
    'Inf nan 0x1F 1_000 .5e-3',
    ['NUMBER:Inf', 'NUMBER:nan', 'NUMBER:0x1F', 'NUMBER:1_000', 'NUMBER:.5e-3', 'EOF'],
  ],
  [
    'x[STEP()+1h30m:min_of(1,2)]',
    [
      'IDENTIFIER:x',
      '[',
      'step:STEP',
      '(',
      ')',
      '+',
      'DURATION:1h30m',
      ':',
      'min_of',
      '(',
      'NUMBER:1',
      ',',
      'NUMBER:2',
      ')',
      ']',
      'EOF',
    ],
  ],
  ['fill + fill (0) x', ['IDENTIFIER:fill', '+', 'fill', '(', 'NUMBER:0', ')', 'IDENTIFIER:x', 'EOF']],
  ['a # comment\n@ 1', ['IDENTIFIER:a', '@', 'NUMBER:1', 'EOF']],
  ['0x1e', ['ERROR:bad number or duration syntax: "0x1e"']],
  ['foo{a="\\q"}', ['IDENTIFIER:foo', '{', 'IDENTIFIER:a', '=', "ERROR:unknown escape sequence U+0071 'q'"]],
  ['"\\uD800"', ['ERROR:escape sequence is an invalid Unicode code point']],
  ['"\\400"', ['ERROR:escape sequence is an invalid Unicode code point']],
  ['"a\nb"', ['ERROR:unterminated quoted string']],
  ['x[5m::]', ['IDENTIFIER:x', '[', 'DURATION:5m', ':', "ERROR:unexpected colon ':'"]],
  ['x[[', ['IDENTIFIER:x', '[', "ERROR:unexpected character in duration expression: '['"]],
  ['x]', ['IDENTIFIER:x', "ERROR:unexpected right bracket ']'"]],
  ['x[5m', ['IDENTIFIER:x', '[', 'DURATION:5m', 'ERROR:unclosed left bracket']],
]

describe('lex', () => {
  it.each(cases)('%j', (input, expected) => {
    expect(kinds(input)).toEqual(expected)
  })

  it('reports errors from the start of the bad token to the end of input', () => {
    const tokens = lex('foo + 1x')
    expect(tokens.at(-1)).toEqual({
      kind: 'ERROR',
      text: 'bad number or duration syntax: "1"',
      start: 6,
      end: 8,
    })
  })
})
