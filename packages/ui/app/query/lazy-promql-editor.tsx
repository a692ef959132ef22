// CodeMirror and the PromQL language package are most of the bundle. They load in their own chunk, started as
// soon as the query page's code runs, so a panel opened from a link sends its query and draws its graph without
// waiting for the editor; until the chunk arrives the panel shows its expression as plain text.
import { useEffect, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import type { PromqlEditorProps } from './promql-editor.js'

type EditorModule = typeof import('./promql-editor.js')

let loaded: EditorModule | undefined
const loading: Promise<EditorModule> = import('./promql-editor.js').then((m) => (loaded = m))

/** The PromQL editor once its chunk has loaded, a read-only copy of the expression before. */
export function LazyPromqlEditor(props: PromqlEditorProps): JSX.Element {
  const [module, setModule] = useState(loaded)
  useEffect(() => {
    if (module === undefined) void loading.then(setModule)
  }, [])
  if (module !== undefined) return <module.PromqlEditor {...props} />
  return (
    <div
      class="editor editor-loading"
      role="textbox"
      aria-readonly="true"
      aria-label={props.label}
      aria-busy="true"
    >
      <span class="mono">{props.initialValue}</span>
    </div>
  )
}
