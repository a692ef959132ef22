// The PromQL editor: CodeMirror 6 with Prometheus's own PromQL language package for highlighting, completion
// against the API (metric names, labels, values, functions) and inline parse errors.
import { useEffect, useRef } from 'preact/hooks'
import type { JSX } from 'preact'
import { EditorView, keymap, placeholder } from '@codemirror/view'
import { EditorState, Prec } from '@codemirror/state'
import { defaultKeymap, history, historyKeymap, insertNewlineAndIndent } from '@codemirror/commands'
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete'
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { lintKeymap } from '@codemirror/lint'
import { tags } from '@lezer/highlight'
import { PromQLExtension } from '@prometheus-io/codemirror-promql'
import { uiBase } from '../lib/api.js'

// Colours come from CSS variables so the same editor follows the light and dark themes.
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--hl-keyword)' },
  { tag: tags.function(tags.variableName), color: 'var(--hl-function)' },
  { tag: tags.string, color: 'var(--hl-string)' },
  { tag: tags.number, color: 'var(--hl-number)' },
  { tag: tags.labelName, color: 'var(--hl-label)' },
  { tag: tags.operator, color: 'var(--hl-keyword)' },
  { tag: tags.modifier, color: 'var(--hl-keyword)' },
  { tag: tags.comment, color: 'var(--hl-comment)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--down)' },
])

/** A text that replaces the editor's content once per `seq` (a history pick), not on every keystroke. */
export interface EditorReplacement {
  text: string
  seq: number
}

/**
 * Props of the editor. It owns its text and reports changes; the parent only pushes a new text through
 * `replace`, because echoing every keystroke back in would race with typing (effects run after paint).
 */
export interface PromqlEditorProps {
  initialValue: string
  replace: EditorReplacement | undefined
  onChange: (value: string) => void
  onExecute: () => void
  label: string
}

/** A one-panel PromQL editor; Enter or Shift+Enter runs the query, Alt+Enter starts a new line. */
export function PromqlEditor({
  initialValue,
  replace,
  onChange,
  onExecute,
  label,
}: PromqlEditorProps): JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  // The view is built once; callbacks read the latest props through a ref.
  const latest = useRef({ onChange, onExecute })
  latest.current = { onChange, onExecute }

  useEffect(() => {
    if (host.current === null) return
    const promql = new PromQLExtension()
      .activateCompletion(true)
      .activateLinter(true)
      .setComplete({ remote: { url: uiBase().replace(/\/$/, ''), httpMethod: 'GET' } })
    const run = (): boolean => {
      latest.current.onExecute()
      return true
    }
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialValue,
        extensions: [
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion({ icons: false }),
          syntaxHighlighting(highlight),
          placeholder('Expression (Enter or Shift+Enter runs, Alt+Enter adds a line)'),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          promql.asExtension(),
          // Above the completion keymap only for Shift+Enter: plain Enter must still accept a completion.
          Prec.highest(keymap.of([{ key: 'Shift-Enter', run }])),
          keymap.of([
            ...closeBracketsKeymap,
            ...completionKeymap,
            { key: 'Enter', run },
            { key: 'Alt-Enter', run: insertNewlineAndIndent },
            ...defaultKeymap,
            ...historyKeymap,
            ...lintKeymap,
          ]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = v
    return () => {
      v.destroy()
      view.current = null
    }
    // The editor is created once per panel; replacements arrive through the effect below.
  }, [])

  useEffect(() => {
    const v = view.current
    if (v === null || replace === undefined) return
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: replace.text } })
    v.focus()
  }, [replace?.seq])

  return <div class="editor" ref={host} />
}
