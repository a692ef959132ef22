// /alerts: alerting rules by state, each with its active alerts' labels, state, active-since and value.
import { useState } from 'preact/hooks'
import type { JSX } from 'preact'
import type { ApiRule, ApiRuleGroup } from '../lib/api-types.js'
import { formatDuration } from '../lib/duration.js'
import { formatValue } from '../lib/format.js'
import { formatTime } from '../lib/time.js'
import { useApi } from '../lib/use-api.js'
import { ExprLink } from './expr-link.js'
import { Labels, LoadState } from './labels.js'

type RuleState = NonNullable<ApiRule['state']>
const STATES: RuleState[] = ['inactive', 'pending', 'firing']

/** The alerts page. */
export function AlertsPage(): JSX.Element {
  const { data, error, loading, reload } = useApi<{ groups: ApiRuleGroup[] }>('rules', { type: 'alert' })
  const [shown, setShown] = useState<Set<RuleState>>(new Set(STATES))
  const rules = (data?.groups ?? []).flatMap((g) => g.rules.filter((r) => r.type === 'alerting'))
  const count = (s: RuleState): number => rules.filter((r) => (r.state ?? 'inactive') === s).length
  return (
    <div>
      <h1>Alerts</h1>
      <div class="row" role="group" aria-label="Filter alerts by state">
        {STATES.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              checked={shown.has(s)}
              onChange={() =>
                setShown((cur) => {
                  const next = new Set(cur)
                  if (next.has(s)) next.delete(s)
                  else next.add(s)
                  return next
                })
              }
            />{' '}
            <span class={`badge ${s}`}>
              {s} ({count(s)})
            </span>
          </label>
        ))}
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <LoadState loading={loading && data === undefined} error={error} />
      {data !== undefined && rules.length === 0 && <p class="muted">No alerting rules.</p>}
      {rules
        .filter((r) => shown.has(r.state ?? 'inactive'))
        .map((r) => (
          <AlertRule key={r.name + r.query} rule={r} />
        ))}
    </div>
  )
}

function AlertRule({ rule }: { rule: ApiRule }): JSX.Element {
  const state = rule.state ?? 'inactive'
  const alerts = rule.alerts ?? []
  return (
    <details class="pool" data-alert={rule.name} data-state={state} open={state !== 'inactive'}>
      <summary>
        <span class={`badge ${state}`}>{state}</span> {rule.name} ({alerts.length} active)
      </summary>
      <div class="panel">
        <div>
          <strong>alert:</strong> {rule.name}
        </div>
        <div>
          <strong>expr:</strong> <ExprLink expr={rule.query} />
        </div>
        {rule.duration !== undefined && rule.duration > 0 && (
          <div>
            <strong>for:</strong> {formatDuration(rule.duration * 1000)}
          </div>
        )}
        {rule.labels !== undefined && Object.keys(rule.labels).length > 0 && (
          <div>
            <strong>labels:</strong> <Labels labels={rule.labels} />
          </div>
        )}
        {rule.annotations !== undefined &&
          Object.entries(rule.annotations).map(([k, v]) => (
            <div key={k}>
              <strong>{k}:</strong> {v}
            </div>
          ))}
      </div>
      {alerts.length > 0 && (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Labels</th>
                <th>State</th>
                <th>Active Since</th>
                <th>Value</th>
                <th>Annotations</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a, i) => (
                <tr key={i}>
                  <td>
                    <Labels labels={a.labels} />
                  </td>
                  <td>
                    <span class={`badge ${a.state}`}>{a.state}</span>
                  </td>
                  <td>{a.activeAt === undefined ? '' : formatTime(Date.parse(a.activeAt))}</td>
                  <td class="num">{formatValue(a.value)}</td>
                  <td>
                    {Object.entries(a.annotations).map(([k, v]) => (
                      <div key={k}>
                        <strong>{k}:</strong> {v}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  )
}
