import { Labels } from '../labels.js'
import type { LabelRecord } from '../metric-family.js'
import { METRIC_NAME_LABEL } from '../names.js'
import { TextScanner, putLabel } from './text-scanner.js'

/**
 * The current-series state the text 0.0.4 and OpenMetrics stream parsers share: the entry's name
 * and its labels in reused arrays, so a scraper reads them without allocating; {@link labelRecord}
 * and {@link labels} copy them out, since the arrays change on the next entry.
 */
export abstract class SeriesScanner extends TextScanner {
  /** Series or metadata name of the current entry. */
  metricName = ''
  /** Label count of the current series. */
  labelCount = 0
  /** Label names of the current series; entries past `labelCount` are stale. */
  readonly labelNames: string[] = []
  /** Label values of the current series, parallel to `labelNames`. */
  readonly labelValues: string[] = []

  /** A fresh record of the current series' labels, in exposition order. */
  labelRecord(): LabelRecord {
    const out: Record<string, string> = {}
    for (let i = 0; i < this.labelCount; i++)
      putLabel(out, this.labelNames[i] as string, this.labelValues[i] as string)
    return out
  }

  /** The current series as Labels, `__name__` included (empty values dropped, as Labels does). */
  labels(): Labels {
    const record = this.labelRecord() as Record<string, string>
    record[METRIC_NAME_LABEL] = this.metricName
    return Labels.fromRecord(record)
  }
}
