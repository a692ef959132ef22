/**
 * Set operations on ascending lists of numbers in one linear merge: postings (series ids) in the
 * stores' inverted indexes, custom bucket bounds in PromQL. Inputs are never modified.
 */

/** Values present in both ascending lists, ascending. */
export function intersectAscending(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      out.push(x)
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out
}

/** Values of ascending `a` that ascending `b` does not hold, ascending. */
export function subtractAscending(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = []
  let j = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number
    while (j < b.length && (b[j] as number) < x) j++
    if (j < b.length && b[j] === x) continue
    out.push(x)
  }
  return out
}
