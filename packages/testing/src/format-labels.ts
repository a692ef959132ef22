/**
 * A label set as PromQL writes it: `name{a="1", b="2"}`, labels sorted, values quoted with
 * escapes; `{}` when there are none.
 */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const name = labels.__name__ ?? ''
  const pairs = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
  return pairs.length === 0 && name !== '' ? name : `${name}{${pairs.join(', ')}}`
}
