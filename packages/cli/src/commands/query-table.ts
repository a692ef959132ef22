/** A query response's `data` as the API returns it. */
export interface QueryData {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string'
  result: unknown
}

interface ApiSample {
  metric: Record<string, string>
  value?: [number, string]
  values?: [number, string][]
  histogram?: [number, { count: string; sum: string }]
  histograms?: [number, { count: string; sum: string }][]
}

function seriesName(metric: Record<string, string>): string {
  const { __name__: name = '', ...rest } = metric
  const labels = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`)
  return labels.length === 0 && name !== '' ? name : `${name}{${labels.join(', ')}}`
}

function time(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

function histogramText(h: { count: string; sum: string }): string {
  return `histogram count=${h.count} sum=${h.sum}`
}

/** Rows of SERIES, TIMESTAMP, VALUE for any result type. */
export function resultRows(data: QueryData): string[][] {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    const [t, v] = data.result as [number, string]
    return [[data.resultType, time(t), v]]
  }
  const rows: string[][] = []
  for (const s of data.result as ApiSample[]) {
    const name = seriesName(s.metric)
    if (s.value !== undefined) rows.push([name, time(s.value[0]), s.value[1]])
    if (s.histogram !== undefined) rows.push([name, time(s.histogram[0]), histogramText(s.histogram[1])])
    for (const [t, v] of s.values ?? []) rows.push([name, time(t), v])
    for (const [t, h] of s.histograms ?? []) rows.push([name, time(t), histogramText(h)])
  }
  return rows
}

/** Left-aligned columns under a header, two spaces apart. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}
