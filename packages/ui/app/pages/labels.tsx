// Label sets drawn as chips, the way every status page shows them.
import type { JSX } from 'preact'

/** `k="v"` chips in label-name order; an optional title shows another label set on hover. */
export function Labels({ labels, title }: { labels: Record<string, string>; title?: string }): JSX.Element {
  return (
    <span title={title}>
      {Object.keys(labels)
        .sort()
        .map((k) => (
          <span class="label mono" key={k}>
            {k}="{labels[k]}"
          </span>
        ))}
    </span>
  )
}

/** A label set as text, one `k="v"` per line, for titles and tooltips. */
export function labelsText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k] ?? ''}"`)
    .join('\n')
}

/** The state shown by the load of any page: a spinner text or the error. */
export function LoadState({
  loading,
  error,
}: {
  loading: boolean
  error: string | undefined
}): JSX.Element | null {
  if (error !== undefined)
    return (
      <div class="alert" role="alert">
        {error}
      </div>
    )
  return loading ? <p class="muted">Loading…</p> : null
}
