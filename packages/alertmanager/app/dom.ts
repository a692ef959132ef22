/** Attributes and listeners for {@link h}: `on*` functions become event listeners, the rest attributes. */
export type Props = Record<string, string | boolean | number | undefined | ((e: Event) => void)>

/** A child of {@link h}: text, an element, or nothing (skipped). */
export type Child = Node | string | number | false | null | undefined | Child[]

function append(parent: Element, child: Child): void {
  if (child === false || child === null || child === undefined) return
  if (Array.isArray(child)) for (const c of child) append(parent, c)
  else parent.append(typeof child === 'number' ? String(child) : child)
}

/** Creates an element; text children are set as text, never parsed as HTML. */
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value)
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  append(el, children)
  return el
}

/** Replaces the children of `el`. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren()
  append(el, children)
}

/** Shows a message in the page's error banner, or hides the banner when `message` is undefined. */
export function showError(message: string | undefined): void {
  const banner = document.getElementById('error')
  if (banner === null) return
  banner.hidden = message === undefined
  banner.textContent = message ?? ''
}

/** A `name="value"` chip. */
export function labelChip(name: string, value: string): HTMLElement {
  return h('span', { class: 'chip' }, `${name}="${value}"`)
}
