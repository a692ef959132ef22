import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { ProcFileError } from '../errors.js'
import { gauge } from '../family.js'
import type { NodePaths } from '../paths.js'
import { procFile } from '../paths.js'
import { fields, readText, readTextIfExists } from '../read-file.js'

/** node_exporter's default `--collector.netstat.fields`. */
export const DEFAULT_NETSTAT_FIELDS =
  '^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$'

/** Statistics by protocol, then by field, as the kernel spells them. */
export type ProtocolStats = Map<string, Map<string, string>>

/** Parses /proc/net/netstat or /proc/net/snmp: pairs of `Proto: names…` and `Proto: values…` lines. */
export function parseNetstatPairs(text: string, path: string): ProtocolStats {
  const out: ProtocolStats = new Map()
  const lines = text.split('\n').filter((l) => l !== '')
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = (lines[i] as string).split(' ')
    const values = (lines[i + 1] as string).split(' ')
    const protocol = (names[0] as string).slice(0, -1)
    if (names.length !== values.length) {
      throw new ProcFileError(`cannot parse netstat (field count mismatch for ${protocol})`, path)
    }
    const stats = new Map<string, string>()
    for (let j = 1; j < names.length; j++) stats.set(names[j] as string, values[j] as string)
    out.set(protocol, stats)
  }
  return out
}

/** Parses /proc/net/snmp6: `Ip6InReceives 123` lines, split after the first `6` into protocol and field. */
export function parseSnmp6(text: string): ProtocolStats {
  const out: ProtocolStats = new Map()
  for (const line of text.split('\n')) {
    const [key, value] = fields(line)
    if (key === undefined || value === undefined) continue
    const six = key.indexOf('6')
    if (six < 0) continue
    const protocol = key.slice(0, six + 1)
    let stats = out.get(protocol)
    if (stats === undefined) out.set(protocol, (stats = new Map()))
    stats.set(key.slice(six + 1), value)
  }
  return out
}

/** The `netstat` collector: selected fields of /proc/net/{netstat,snmp,snmp6} as untyped `node_netstat_<Proto>_<Field>`. */
export class NetstatCollector implements Collector {
  private readonly pattern: RegExp

  constructor(
    private readonly paths: NodePaths,
    fieldsPattern: string = DEFAULT_NETSTAT_FIELDS,
  ) {
    this.pattern = new RegExp(fieldsPattern)
  }

  async collect(): Promise<MetricFamily[]> {
    const netstatPath = procFile(this.paths, 'net', 'netstat')
    const snmpPath = procFile(this.paths, 'net', 'snmp')
    const [netstat, snmp, snmp6] = await Promise.all([
      readText(netstatPath),
      readText(snmpPath),
      readTextIfExists(procFile(this.paths, 'net', 'snmp6')),
    ])
    const all = parseNetstatPairs(netstat, netstatPath)
    for (const [k, v] of parseNetstatPairs(snmp, snmpPath)) all.set(k, v)
    if (snmp6 !== undefined) for (const [k, v] of parseSnmp6(snmp6)) all.set(k, v)
    const out: MetricFamily[] = []
    for (const [protocol, stats] of all) {
      for (const [name, raw] of stats) {
        const value = Number(raw)
        if (raw === '' || Number.isNaN(value)) {
          throw new ProcFileError(
            `cannot parse netstat value ${JSON.stringify(raw)} of ${protocol}${name}`,
            netstatPath,
          )
        }
        const key = `${protocol}_${name}`
        if (!this.pattern.test(key)) continue
        const f = gauge(`node_netstat_${key}`, `Statistic ${protocol}${name}.`, value)
        f.type = 'unknown'
        out.push(f)
      }
    }
    return out
  }
}
