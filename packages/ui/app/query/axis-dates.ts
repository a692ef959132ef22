// uPlot's time-axis templates are American (`{M}/{D}/{YY}`, `{h}:{mm}{aa}`); the rest of the UI, like Prometheus's,
// writes ISO dates and a 24-hour clock.

/** Rewrites one of uPlot's date templates to ISO order and a 24-hour clock (`8am` becomes `08:00`). */
export function isoDateTemplate(tpl: string): string {
  return tpl
    .replace('{M}/{D}/{YY}', '{YYYY}-{MM}-{DD}')
    .replace('{M}/{D}', '{MM}-{DD}')
    .replace('{h}{aa}', '{HH}:00')
    .replace('{h}', '{HH}')
    .replace('{aa}', '')
}
