import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { NoDataError, ProcFileError } from '../errors.js'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, isNotFound, readText, readUint } from '../read-file.js'

// Columns of /proc/net/stat/nf_conntrack summed over CPUs, with node_exporter's names and help.
const STATS: ReadonlyArray<readonly [column: string, name: string, help: string]> = [
  ['found', 'node_nf_conntrack_stat_found', 'Number of searched entries which were successful.'],
  ['invalid', 'node_nf_conntrack_stat_invalid', 'Number of packets seen which can not be tracked.'],
  [
    'ignore',
    'node_nf_conntrack_stat_ignore',
    'Number of packets seen which are already connected to a conntrack entry.',
  ],
  ['insert', 'node_nf_conntrack_stat_insert', 'Number of entries inserted into the list.'],
  [
    'insert_failed',
    'node_nf_conntrack_stat_insert_failed',
    'Number of entries for which list insertion was attempted but failed.',
  ],
  ['drop', 'node_nf_conntrack_stat_drop', 'Number of packets dropped due to conntrack failure.'],
  [
    'early_drop',
    'node_nf_conntrack_stat_early_drop',
    'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.',
  ],
  [
    'search_restart',
    'node_nf_conntrack_stat_search_restart',
    'Number of conntrack table lookups which had to be restarted due to hashtable resizes.',
  ],
]

/** Sums each column of /proc/net/stat/nf_conntrack (a header line, then one line of hex counters per CPU). */
export function parseConntrackStat(text: string, path: string): Map<string, number> {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const header = fields(lines[0] ?? '')
  const sums = new Map<string, number>(header.map((h) => [h, 0]))
  for (const line of lines.slice(1)) {
    const values = fields(line)
    if (values.length !== header.length) {
      throw new ProcFileError(
        `cannot parse conntrack statistics (${values.length} of ${header.length} columns)`,
        path,
      )
    }
    values.forEach((hex, i) => {
      const n = Number.parseInt(hex, 16)
      if (!/^[0-9a-fA-F]+$/.test(hex))
        throw new ProcFileError(`cannot parse ${JSON.stringify(hex)} as hex`, path)
      const name = header[i] as string
      sums.set(name, (sums.get(name) ?? 0) + n)
    })
  }
  return sums
}

/** The `conntrack` collector: netfilter connection-tracking table size, limit and statistics, where loaded. */
export class ConntrackCollector implements Collector {
  constructor(private readonly paths: NodePaths) {}

  async collect(): Promise<MetricFamily[]> {
    try {
      const dir = procFile(this.paths, 'sys', 'net', 'netfilter')
      const statPath = procFile(this.paths, 'net', 'stat', 'nf_conntrack')
      const [count, max, statText] = await Promise.all([
        readUint(`${dir}/nf_conntrack_count`),
        readUint(`${dir}/nf_conntrack_max`),
        readText(statPath),
      ])
      const sums = parseConntrackStat(statText, statPath)
      return [
        gauge(
          'node_nf_conntrack_entries',
          'Number of currently allocated flow entries for connection tracking.',
          count,
        ),
        gauge('node_nf_conntrack_entries_limit', 'Maximum size of connection tracking table.', max),
        ...STATS.map(([column, name, help]) => gauge(name, help, sums.get(column) ?? 0)),
      ]
    } catch (err) {
      // No nf_conntrack module loaded: nothing to report, as node_exporter's ErrNoData.
      if (isNotFound(err))
        throw new NoDataError('cannot read conntrack statistics (nf_conntrack is not loaded)')
      throw err
    }
  }
}
