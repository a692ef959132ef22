import type { AnyFunction } from './values.js'

/**
 * The Go parameter types a template function can declare; the executor converts literals and
 * rejects mismatches with Go's messages (`wrong type for value; expected string; got int`).
 * `any` is Go's interface{}, `strings` is []string.
 */
export type ParamKind = 'any' | 'string' | 'float' | 'int' | 'bool' | 'strings'

/** A function's declared parameters; `variadic` types every argument after them. */
export interface FuncSpec {
  readonly params: readonly ParamKind[]
  readonly variadic?: ParamKind
}

/**
 * A function callable from templates. It returns a value or a promise of one and reports a
 * failure by throwing (the template then fails with `error calling <name>: <message>`).
 * `this` is the running execution, for functions such as `tmpl` that execute other templates.
 */
export type TemplateFunc = AnyFunction & { readonly spec?: FuncSpec }

/** Functions by name, as Go's template.FuncMap. */
export type FuncMap = Readonly<Record<string, TemplateFunc>>

/** What a function can reach of the execution that calls it. */
export interface ExecContext {
  /** Executes another template of the same set with the given data. */
  executeTemplate(name: string, data: unknown): Promise<string>
}

/** Attaches a Go-like signature to a function so calls are checked and literals converted. */
export function goFunc<A extends never[]>(
  params: readonly ParamKind[],
  fn: (...args: A) => unknown,
  variadic?: ParamKind,
): TemplateFunc {
  const spec: FuncSpec = variadic === undefined ? { params } : { params, variadic }
  // The executor checks arguments against `spec` before calling, so the narrower JS parameter types hold.
  return Object.assign(fn, { spec }) as unknown as TemplateFunc
}

/** The signature used for functions and methods that declare none: `fn.length` values of any type. */
export function specOf(fn: TemplateFunc): FuncSpec {
  return fn.spec ?? { params: new Array<ParamKind>(fn.length).fill('any') }
}

/** Go's name for a parameter type, for messages. */
export function paramTypeName(kind: ParamKind): string {
  switch (kind) {
    case 'any':
      return 'interface {}'
    case 'float':
      return 'float64'
    case 'strings':
      return '[]string'
    default:
      return kind
  }
}
