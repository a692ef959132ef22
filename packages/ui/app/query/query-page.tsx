// The expression browser: a list of panels whose options are mirrored into the URL after every change.
import { useEffect, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { addToHistory, loadHistory, saveHistory } from './history.js'
import { Panel } from './panel.js'
import { defaultPanel, parsePanels, serializePanels, type PanelOptions } from './url-state.js'

interface KeyedPanel {
  key: number
  options: PanelOptions
}

let nextKey = 0

function initialPanels(): KeyedPanel[] {
  const parsed = parsePanels(location.search)
  return (parsed.length > 0 ? parsed : [defaultPanel()]).map((options) => ({ key: nextKey++, options }))
}

/** The /query page. */
export function QueryPage(): JSX.Element {
  const [panels, setPanels] = useState<KeyedPanel[]>(initialPanels)
  const [history, setHistory] = useState<string[]>(() => loadHistory(globalThis.localStorage))

  useEffect(() => {
    const search = serializePanels(panels.map((p) => p.options))
    const url = `${location.pathname.replace(/\/graph$/, '/query')}?${search}`
    if (`${location.pathname}${location.search}` !== url) replaceUrl(url)
  }, [panels])

  const update = (key: number, options: PanelOptions): void =>
    setPanels((ps) => ps.map((p) => (p.key === key ? { key, options } : p)))

  const executed = (expr: string): void =>
    setHistory((h) => {
      const next = addToHistory(h, expr)
      saveHistory(globalThis.localStorage, next)
      return next
    })

  return (
    <div>
      <h1 class="hide-narrow">Query</h1>
      {panels.map((p, i) => (
        <Panel
          key={p.key}
          index={i}
          options={p.options}
          onChange={(o) => update(p.key, o)}
          onRemove={
            panels.length > 1 ? () => setPanels((ps) => ps.filter((x) => x.key !== p.key)) : undefined
          }
          history={history}
          onExecuted={executed}
        />
      ))}
      <button
        type="button"
        onClick={() => setPanels((ps) => [...ps, { key: nextKey++, options: defaultPanel() }])}
      >
        Add Panel
      </button>
    </div>
  )
}

function replaceUrl(url: string): void {
  window.history.replaceState(null, '', url)
}
