// /rules: every rule group with each rule's health, last evaluation, duration and error.
import type { JSX } from 'preact'
import type { ApiRuleGroup } from '../lib/api-types.js'
import { formatDuration } from '../lib/duration.js'
import { formatAgo, formatSeconds } from '../lib/time.js'
import { useApi } from '../lib/use-api.js'
import { ExprLink } from './expr-link.js'
import { Labels, LoadState } from './labels.js'

/** The rules page. */
export function RulesPage(): JSX.Element {
  const { data, error, loading } = useApi<{ groups: ApiRuleGroup[] }>('rules')
  const now = Date.now()
  return (
    <div>
      <h1>Rules</h1>
      <LoadState loading={loading && data === undefined} error={error} />
      {data?.groups.length === 0 && <p class="muted">No rule groups configured.</p>}
      {data?.groups.map((g) => (
        <section key={`${g.file}/${g.name}`}>
          <h2>
            {g.name}{' '}
            <span class="muted">
              ({g.file}, every {formatDuration(g.interval * 1000)})
            </span>
          </h2>
          <p class="muted">
            Last evaluation {formatAgo(g.lastEvaluation, now)}, took {formatSeconds(g.evaluationTime)}
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>State</th>
                  <th>Error</th>
                  <th>Last Evaluation</th>
                  <th>Evaluation Time</th>
                </tr>
              </thead>
              <tbody>
                {g.rules.map((r) => (
                  <tr key={r.name + r.query}>
                    <td>
                      <div>
                        <strong>{r.type === 'alerting' ? 'alert' : 'record'}:</strong> {r.name}
                      </div>
                      <div>
                        <strong>expr:</strong> <ExprLink expr={r.query} />
                      </div>
                      {r.duration !== undefined && r.duration > 0 && (
                        <div>
                          <strong>for:</strong> {formatDuration(r.duration * 1000)}
                        </div>
                      )}
                      {r.labels !== undefined && Object.keys(r.labels).length > 0 && (
                        <div>
                          <strong>labels:</strong> <Labels labels={r.labels} />
                        </div>
                      )}
                    </td>
                    <td>
                      <span class={`badge ${r.health}`}>{r.health}</span>
                    </td>
                    <td class="mono">{r.lastError}</td>
                    <td>{formatAgo(r.lastEvaluation, now)}</td>
                    <td>{formatSeconds(r.evaluationTime)}</td>
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
