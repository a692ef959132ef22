// /service-discovery: per scrape pool, what discovery found and what relabelling kept (or dropped).
import type { JSX } from 'preact'
import type { TargetsData } from '../lib/api-types.js'
import { useApi } from '../lib/use-api.js'
import { Labels, LoadState } from './labels.js'

interface Row {
  discovered: Record<string, string>
  target: Record<string, string> | null
}

/** The service discovery page. */
export function ServiceDiscoveryPage(): JSX.Element {
  const { data, error, loading } = useApi<TargetsData>('targets')
  const pools = new Map<string, Row[]>()
  for (const t of data?.activeTargets ?? []) {
    const rows = pools.get(t.scrapePool) ?? []
    rows.push({ discovered: t.discoveredLabels, target: t.labels })
    pools.set(t.scrapePool, rows)
  }
  for (const d of data?.droppedTargets ?? []) {
    const pool = d.discoveredLabels.job ?? '(unknown)'
    const rows = pools.get(pool) ?? []
    rows.push({ discovered: d.discoveredLabels, target: null })
    pools.set(pool, rows)
  }
  const names = [...pools.keys()].sort()
  return (
    <div>
      <h1>Service Discovery</h1>
      <LoadState loading={loading && data === undefined} error={error} />
      <ul>
        {names.map((n) => {
          const rows = pools.get(n) ?? []
          return (
            <li key={n}>
              <a href={`#pool-${n}`}>{n}</a> ({rows.filter((r) => r.target !== null).length} / {rows.length}{' '}
              active targets)
            </li>
          )
        })}
      </ul>
      {names.map((n) => (
        <section key={n} id={`pool-${n}`}>
          <h2>{n}</h2>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Discovered Labels</th>
                  <th>Target Labels</th>
                </tr>
              </thead>
              <tbody>
                {(pools.get(n) ?? []).map((r, i) => (
                  <tr key={i}>
                    <td>
                      <Labels labels={r.discovered} />
                    </td>
                    <td>
                      {r.target === null ? <span class="badge">Dropped</span> : <Labels labels={r.target} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  )
}
