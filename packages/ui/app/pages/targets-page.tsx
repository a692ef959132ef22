// /targets: scrape pools with each target's endpoint, health, labels, last scrape and error.
import { useState } from 'preact/hooks'
import type { JSX } from 'preact'
import type { ApiTarget, TargetsData } from '../lib/api-types.js'
import { formatAgo, formatSeconds } from '../lib/time.js'
import { useApi } from '../lib/use-api.js'
import { Labels, labelsText, LoadState } from './labels.js'
import { groupTargets } from './target-filter.js'

const HEALTHS: ApiTarget['health'][] = ['up', 'down', 'unknown']

/** The targets page. */
export function TargetsPage(): JSX.Element {
  const { data, error, loading, reload } = useApi<TargetsData>('targets', { state: 'active' })
  const [health, setHealth] = useState<Set<ApiTarget['health']>>(new Set(HEALTHS))
  const [text, setText] = useState('')
  const now = Date.now()
  const pools = data === undefined ? [] : groupTargets(data.activeTargets, { health, text })
  const toggle = (h: ApiTarget['health']): void =>
    setHealth((cur) => {
      const next = new Set(cur)
      if (next.has(h)) next.delete(h)
      else next.add(h)
      return next
    })
  return (
    <div>
      <h1>Targets</h1>
      <div class="row" role="group" aria-label="Filter targets">
        {HEALTHS.map((h) => (
          <label key={h}>
            <input type="checkbox" checked={health.has(h)} onChange={() => toggle(h)} /> {h}
          </label>
        ))}
        <input
          type="search"
          aria-label="Filter by endpoint or labels"
          placeholder="Filter by endpoint or labels"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <LoadState loading={loading && data === undefined} error={error} />
      {pools.map((p) => (
        <details class="pool" open key={p.name} data-pool={p.name}>
          <summary>
            {p.name} ({p.up}/{p.total} up)
          </summary>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Endpoint</th>
                  <th>State</th>
                  <th>Labels</th>
                  <th>Last Scrape</th>
                  <th>Scrape Duration</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {p.targets.map((t) => (
                  <tr key={t.scrapeUrl + labelsText(t.labels)}>
                    <td class="mono">
                      <a href={t.globalUrl}>{t.scrapeUrl}</a>
                    </td>
                    <td>
                      <span class={`badge ${t.health}`}>{t.health}</span>
                    </td>
                    <td>
                      <Labels
                        labels={t.labels}
                        title={`Before relabeling:\n${labelsText(t.discoveredLabels)}`}
                      />
                    </td>
                    <td>{formatAgo(t.lastScrape, now)}</td>
                    <td>{formatSeconds(t.lastScrapeDuration)}</td>
                    <td class="mono">{t.lastError}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
      {data !== undefined && pools.length === 0 && <p class="muted">No targets.</p>}
    </div>
  )
}
