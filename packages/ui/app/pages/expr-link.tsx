// A PromQL expression that opens in the expression browser's table.
import type { JSX } from 'preact'
import { uiBase } from '../lib/api.js'
import { defaultPanel, serializePanels } from '../query/url-state.js'

/** The expression as a link to /query with one table panel running it. */
export function ExprLink({ expr }: { expr: string }): JSX.Element {
  const href = `${uiBase()}query?${serializePanels([{ ...defaultPanel(), expr }])}`
  return (
    <a class="mono" href={href}>
      {expr}
    </a>
  )
}
