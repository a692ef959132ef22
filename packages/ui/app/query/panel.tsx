// One expression-browser panel: the editor, the Table/Graph tabs and their controls, and the result.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { apiQuery } from '../lib/api.js'
import type { MatrixSeries, QueryData } from '../lib/api-types.js'
import { formatDuration, parseDuration, stepRange } from '../lib/duration.js'
import { formatTime, parseTime } from '../lib/time.js'
import { autoStepSec } from './graph-data.js'
import { GraphView } from './graph-view.js'
import { LazyPromqlEditor } from './lazy-promql-editor.js'
import type { EditorReplacement } from './promql-editor.js'
import { TableView } from './table-view.js'
import type { PanelOptions } from './url-state.js'
import { useExemplars } from './use-exemplars.js'

/** Props of a panel; the options live in the page (and the URL), the result lives here. */
export interface PanelProps {
  index: number
  options: PanelOptions
  onChange: (options: PanelOptions) => void
  onRemove: (() => void) | undefined
  history: string[]
  onExecuted: (expr: string) => void
}

type Result =
  | { tab: 'table'; data: QueryData }
  | { tab: 'graph'; series: MatrixSeries[]; startSec: number; endSec: number; stepSec: number }

const REFRESH_CHOICES = [0, 5, 10, 30, 60]

/** The panel; it (re)runs its query whenever the executed expression or a view option changes. */
export function Panel({ index, options, onChange, onRemove, history, onExecuted }: PanelProps): JSX.Element {
  const [draft, setDraft] = useState(options.expr)
  const [replace, setReplace] = useState<EditorReplacement | undefined>(undefined)
  const [run, setRun] = useState(0)
  const [result, setResult] = useState<Result | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [warnings, setWarnings] = useState<string[]>([])
  const [meta, setMeta] = useState('')
  const [loading, setLoading] = useState(false)
  const [showHistory, setShowHistory] = useState(false)
  const [refreshSec, setRefreshSec] = useState(0)
  const [rangeText, setRangeText] = useState(formatDuration(options.rangeMs))
  const [endText, setEndText] = useState(options.endMs === null ? '' : formatTime(options.endMs))
  const optionsRef = useRef(options)
  optionsRef.current = options
  const exemplars = useExemplars(
    result?.tab === 'graph'
      ? {
          enabled: options.showExemplars,
          expr: options.expr,
          startSec: result.startSec,
          endSec: result.endSec,
        }
      : undefined,
  )

  useEffect(() => setRangeText(formatDuration(options.rangeMs)), [options.rangeMs])
  useEffect(() => setEndText(options.endMs === null ? '' : formatTime(options.endMs)), [options.endMs])

  const execute = (): void => {
    onChange({ ...optionsRef.current, expr: draft })
    onExecuted(draft)
    setRun((r) => r + 1)
  }

  useEffect(() => {
    const o = optionsRef.current
    if (o.expr.trim() === '') return
    const ctl = new AbortController()
    const started = performance.now()
    setLoading(true)
    const nowMs = Date.now()
    const endMs = o.endMs ?? nowMs
    const promise =
      o.tab === 'table'
        ? apiQuery<QueryData>('query', { query: o.expr, time: String(endMs / 1000) }, ctl.signal).then(
            ({ data, warnings: w }): [Result, string[], number] => [
              { tab: 'table', data },
              w,
              data.resultType === 'vector' || data.resultType === 'matrix' ? data.result.length : 1,
            ],
          )
        : (() => {
            const stepSec = o.stepSec ?? autoStepSec(o.rangeMs)
            const endSec = Math.floor(endMs / 1000)
            const startSec = endSec - Math.floor(o.rangeMs / 1000)
            return apiQuery<QueryData>(
              'query_range',
              { query: o.expr, start: String(startSec), end: String(endSec), step: String(stepSec) },
              ctl.signal,
            ).then(({ data, warnings: w }): [Result, string[], number] => {
              const series = data.resultType === 'matrix' ? data.result : []
              return [{ tab: 'graph', series, startSec, endSec, stepSec }, w, series.length]
            })
          })()
    promise
      .then(([r, w, count]) => {
        setResult(r)
        setWarnings(w)
        setError(undefined)
        setMeta(`Load time: ${Math.round(performance.now() - started)}ms · Result series: ${count}`)
      })
      .catch((err: unknown) => {
        if (ctl.signal.aborted) return
        setResult(undefined)
        setError(err instanceof Error ? err.message : String(err))
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false)
      })
    return () => ctl.abort()
  }, [run, options.expr, options.tab, options.rangeMs, options.endMs, options.stepSec])

  useEffect(() => {
    if (refreshSec === 0 || options.tab !== 'graph') return
    const id = setInterval(() => setRun((r) => r + 1), refreshSec * 1000)
    return () => clearInterval(id)
  }, [refreshSec, options.tab])

  const set = (patch: Partial<PanelOptions>): void => onChange({ ...options, ...patch })
  const commitRange = (): void => {
    const ms = parseDuration(rangeText)
    if (ms !== undefined && ms > 0) set({ rangeMs: ms })
    else setRangeText(formatDuration(options.rangeMs))
  }
  const commitEnd = (): void => {
    if (endText.trim() === '') return set({ endMs: null })
    const ms = parseTime(endText)
    if (ms !== undefined) set({ endMs: ms })
    else setEndText(options.endMs === null ? '' : formatTime(options.endMs))
  }
  const shiftEnd = (dir: 1 | -1): void => {
    const base = options.endMs ?? Date.now()
    set({ endMs: base + (dir * options.rangeMs) / 2 })
  }
  const id = `panel-${index}`

  return (
    <section class="panel" aria-label={`Query panel ${index + 1}`} data-panel={index}>
      <div class="editor-row">
        <LazyPromqlEditor
          initialValue={options.expr}
          replace={replace}
          onChange={setDraft}
          onExecute={execute}
          label={`Expression for panel ${index + 1}`}
        />
        <button type="button" class="primary" onClick={execute} aria-busy={loading}>
          {loading ? 'Running…' : 'Execute'}
        </button>
      </div>
      <div class="row" style={{ marginTop: '6px' }}>
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
          History
        </button>
        {onRemove !== undefined && (
          <button type="button" onClick={onRemove} aria-label={`Remove panel ${index + 1}`}>
            Remove
          </button>
        )}
        <span class="meta" aria-live="polite">
          {meta}
        </span>
      </div>
      {showHistory && (
        <ul class="history" aria-label="Query history">
          {history.length === 0 && <li class="muted">No queries yet</li>}
          {history.map((h) => (
            <li key={h}>
              <button
                type="button"
                class="mono"
                onClick={() => {
                  setReplace((r) => ({ text: h, seq: (r?.seq ?? 0) + 1 }))
                  setShowHistory(false)
                }}
              >
                {h}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== undefined && (
        <div class="alert" role="alert" data-testid="query-error">
          Error executing query: {error}
        </div>
      )}
      {warnings.map((w) => (
        <div class="alert warning" key={w}>
          Warning: {w}
        </div>
      ))}
      <div class="tabs" role="tablist">
        {(['table', 'graph'] as const).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`${id}-${tab}`}
            aria-selected={options.tab === tab}
            onClick={() => set({ tab })}
          >
            {tab === 'table' ? 'Table' : 'Graph'}
          </button>
        ))}
      </div>
      {options.tab === 'table' ? (
        <div role="tabpanel" aria-labelledby={`${id}-table`}>
          <div class="row">
            <label>
              Evaluation time{' '}
              <input
                value={endText}
                placeholder="now (YYYY-MM-DD HH:mm:ss UTC)"
                onInput={(e) => setEndText(e.currentTarget.value)}
                onBlur={commitEnd}
                onKeyDown={(e) => e.key === 'Enter' && commitEnd()}
              />
            </label>
            {options.endMs !== null && (
              <button type="button" onClick={() => set({ endMs: null })}>
                Now
              </button>
            )}
          </div>
          {result?.tab === 'table' && <TableView data={result.data} />}
        </div>
      ) : (
        <div role="tabpanel" aria-labelledby={`${id}-graph`}>
          <div class="row">
            <button
              type="button"
              aria-label="Shorter range"
              onClick={() => set({ rangeMs: stepRange(options.rangeMs, -1) })}
            >
              −
            </button>
            <input
              aria-label="Range"
              size={6}
              value={rangeText}
              onInput={(e) => setRangeText(e.currentTarget.value)}
              onBlur={commitRange}
              onKeyDown={(e) => e.key === 'Enter' && commitRange()}
            />
            <button
              type="button"
              aria-label="Longer range"
              onClick={() => set({ rangeMs: stepRange(options.rangeMs, 1) })}
            >
              +
            </button>
            <button type="button" aria-label="Earlier" onClick={() => shiftEnd(-1)}>
              ‹
            </button>
            <input
              aria-label="End time"
              size={19}
              value={endText}
              placeholder="now"
              onInput={(e) => setEndText(e.currentTarget.value)}
              onBlur={commitEnd}
              onKeyDown={(e) => e.key === 'Enter' && commitEnd()}
            />
            <button type="button" aria-label="Later" onClick={() => shiftEnd(1)}>
              ›
            </button>
            <input
              aria-label="Resolution in seconds"
              size={8}
              placeholder={`Res. (${autoStepSec(options.rangeMs)}s)`}
              value={options.stepSec ?? ''}
              onChange={(e) => {
                const n = Number(e.currentTarget.value)
                set({ stepSec: e.currentTarget.value === '' || !(n > 0) ? null : n })
              }}
            />
            <button type="button" aria-pressed={!options.stacked} onClick={() => set({ stacked: false })}>
              Lines
            </button>
            <button type="button" aria-pressed={options.stacked} onClick={() => set({ stacked: true })}>
              Stacked
            </button>
            <button
              type="button"
              aria-pressed={options.showExemplars}
              onClick={() => set({ showExemplars: !options.showExemplars })}
            >
              Show exemplars
            </button>
            <label>
              Refresh{' '}
              <select value={refreshSec} onChange={(e) => setRefreshSec(Number(e.currentTarget.value))}>
                {REFRESH_CHOICES.map((s) => (
                  <option key={s} value={s}>
                    {s === 0 ? 'off' : `${s}s`}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {result?.tab === 'graph' && (
            <GraphView
              series={result.series}
              startSec={result.startSec}
              endSec={result.endSec}
              stepSec={result.stepSec}
              stacked={options.stacked}
              exemplars={exemplars}
            />
          )}
        </div>
      )}
    </section>
  )
}
