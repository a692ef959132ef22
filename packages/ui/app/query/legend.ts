// Which series the graph shows after legend clicks, as in Prometheus's UI: a click isolates a series (or shows
// all again when it was already alone); Ctrl/⌘-click adds or removes one series.

/** The visibility after clicking legend entry `index`; `toggle` is true for a Ctrl/⌘-click. */
export function legendClick(visible: readonly boolean[], index: number, toggle: boolean): boolean[] {
  if (index < 0 || index >= visible.length) return [...visible]
  if (toggle) return visible.map((v, i) => (i === index ? !v : v))
  const alone = visible[index] === true && visible.every((v, i) => i === index || !v)
  return visible.map((_, i) => alone || i === index)
}

/** Everything visible, for a new result. */
export function allVisible(count: number): boolean[] {
  return new Array<boolean>(count).fill(true)
}
