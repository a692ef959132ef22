import { InvalidNameError, isLegacyLabelName } from '@watchfire/model'

/**
 * The grouping-key part of a Pushgateway URL: `/job/<job>{/<label>/<value>}`, as the Pushgateway's API defines
 * it. A value (the job name included) that is empty, contains `/`, or is a dot segment (`.` or `..`, which URL
 * normalisation would eat) is sent base64url-encoded as `<label>@base64/<encoded>`; an empty value is `=`.
 * Other values are percent-encoded UTF-8. Returns `''` when there is no job name (non-standard gateways).
 *
 * @throws InvalidNameError when a grouping label name is not a classic label name (it is sent unescaped).
 */
export function groupingKeyPath(
  jobName: string | undefined,
  groupings?: Readonly<Record<string, string>>,
): string {
  if (jobName === undefined || jobName === '') return ''
  let path = segment('job', String(jobName))
  if (groupings === undefined) return path
  for (const name of Object.keys(groupings)) {
    if (!isLegacyLabelName(name)) {
      throw new InvalidNameError(
        `cannot build a Pushgateway grouping key (label name ${JSON.stringify(name)} is not valid)`,
      )
    }
    // Plain-JavaScript callers pass numbers too; the gateway only sees text.
    path += segment(name, String(groupings[name]))
  }
  return path
}

function segment(name: string, value: string): string {
  if (value === '') return `/${name}@base64/=`
  if (value.includes('/') || value === '.' || value === '..') {
    return `/${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`
  }
  return `/${name}/${encodeURIComponent(value)}`
}
