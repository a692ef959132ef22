const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Go's url.QueryEscape: UTF-8 percent-encoding of everything but `A–Z a–z 0–9 - _ . ~`, with a
 * space as `+`. (encodeURIComponent also leaves `! ' ( ) *` alone and writes a space as `%20`.)
 */
export function queryEscape(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/** The expression browser's link showing `expr` in the table tab, relative to the external URL. */
export function tableLinkForExpression(expr: string): string {
  return `/graph?g0.expr=${queryEscape(expr)}&g0.tab=1`
}
