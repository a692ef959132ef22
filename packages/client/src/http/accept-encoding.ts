/**
 * True if an `Accept-Encoding` header lets the response be gzip-compressed: `gzip` (or `*`) listed
 * with a non-zero quality, and not refused by a later `gzip;q=0`.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || header === '') return false
  let gzip: number | undefined
  let wildcard: number | undefined
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';')
    const name = coding.trim().toLowerCase()
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue
    let quality = 1
    for (const param of params) {
      const [key = '', value = ''] = param.split('=')
      if (key.trim().toLowerCase() === 'q') {
        const q = Number(value.trim())
        quality = Number.isNaN(q) ? 0 : q
      }
    }
    if (name === '*') wildcard = quality
    else gzip = quality
  }
  return (gzip ?? wildcard ?? 0) > 0
}
