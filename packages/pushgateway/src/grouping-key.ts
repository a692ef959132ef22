import { isLegacyLabelName } from '@watchfire/model'
import { badRequest } from './errors.js'

/** The grouping labels of a push, job included, sorted by name. */
export type GroupingLabels = Readonly<Record<string, string>>

const BASE64_SUFFIX = '@base64'

/**
 * Decodes a base64url value as the Pushgateway does: trailing `=` padding is ignored, so `=` alone is the empty
 * string. Standard-alphabet characters (`+`, `/`) and stray characters are refused, as Go's RawURLEncoding does.
 */
export function decodeBase64Value(text: string): string | undefined {
  const trimmed = text.replace(/=+$/, '')
  if (!/^[A-Za-z0-9_-]*$/.test(trimmed) || trimmed.length % 4 === 1) return undefined
  return Buffer.from(trimmed, 'base64url').toString('utf8')
}

/**
 * Parses the part of a push URL after `/metrics`: `/job/<job>{/<label>/<value>}`, where `job@base64` and
 * `<label>@base64` mark base64url values. `path` is already percent-decoded, as Go's router sees it.
 *
 * @throws RequestError (400) for an odd number of label segments, an improper label name, bad base64, or an
 *   empty job name, with the original's messages.
 */
export function parseGroupingPath(path: string): GroupingLabels {
  const parts = path.split('/')
  // parts[0] is '' (leading slash), parts[1] is job or job@base64.
  const jobKey = parts[1]
  let job = parts[2] ?? ''
  if (jobKey === 'job' + BASE64_SUFFIX) {
    const decoded = decodeBase64Value(job)
    if (decoded === undefined) {
      throw badRequest(`invalid base64 encoding in job name ${JSON.stringify(job)}`)
    }
    job = decoded
  } else if (jobKey !== 'job') {
    throw badRequest(`cannot parse grouping key (path must start with /job/, got ${JSON.stringify(path)})`)
  }
  const labels: Record<string, string> = {}
  const rest = parts.slice(3)
  // A trailing slash after the job (or after a pair) adds one empty segment, which Go's router ignores.
  if (rest.length === 1 && rest[0] === '') rest.length = 0
  if (rest.length % 2 !== 0) {
    throw badRequest(`odd number of components in label string ${JSON.stringify('/' + rest.join('/'))}`)
  }
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i] as string
    const value = rest[i + 1] as string
    const base64 = name.endsWith(BASE64_SUFFIX)
    const trimmed = base64 ? name.slice(0, -BASE64_SUFFIX.length) : name
    if (!isLegacyLabelName(trimmed) || trimmed.startsWith('__')) {
      throw badRequest(`improper label name ${JSON.stringify(trimmed)}`)
    }
    if (!base64) {
      labels[trimmed] = value
      continue
    }
    const decoded = decodeBase64Value(value)
    if (decoded === undefined) {
      throw badRequest(`invalid base64 encoding for label ${trimmed}=${JSON.stringify(value)}`)
    }
    labels[trimmed] = decoded
  }
  if (job === '') throw badRequest('job name is required')
  labels.job = job
  return sortRecord(labels)
}

/** A copy of `record` with its keys in byte order. */
export function sortRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((name) => [name, record[name] as string]),
  )
}

/** The identity of a group: names and values joined with a separator byte that cannot occur in names. */
export function groupKeyOf(labels: GroupingLabels): string {
  let key = ''
  for (const name of Object.keys(labels)) key += name + '\xff' + labels[name] + '\xff'
  return key
}
