interface Variable {
  name: string
  value: unknown
}

/**
 * The variables of one template execution, innermost last. Control structures remember the
 * depth with `mark()` and drop what they declared with `pop(mark)`, as Go's exec state does.
 */
export class Scope {
  private readonly vars: Variable[]

  constructor(dot: unknown) {
    this.vars = [{ name: '$', value: dot }]
  }

  mark(): number {
    return this.vars.length
  }

  pop(mark: number): void {
    this.vars.length = mark
  }

  push(name: string, value: unknown): void {
    this.vars.push({ name, value })
  }

  /** The innermost variable of that name; false if none is declared. */
  lookup(name: string): { found: boolean; value: unknown } {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable
      if (v.name === name) return { found: true, value: v.value }
    }
    return { found: false, value: undefined }
  }

  /** Assigns the innermost variable of that name; false if none is declared. */
  set(name: string, value: unknown): boolean {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable
      if (v.name === name) {
        v.value = value
        return true
      }
    }
    return false
  }

  /** Sets the n-th variable from the top (1 = innermost), as range does for its declared variables. */
  setTop(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n]
    if (v) v.value = value
  }
}
