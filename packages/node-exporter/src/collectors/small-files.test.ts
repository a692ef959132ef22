import { fileURLToPath } from 'node:url'
import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PATHS } from '../paths.js'
import { ConntrackCollector } from './conntrack.js'
import { CpufreqCollector } from './cpufreq.js'
import { EntropyCollector } from './entropy.js'
import { FilefdCollector } from './filefd.js'
import { NetstatCollector } from './netstat.js'
import { PressureCollector } from './pressure.js'
import { SockstatCollector } from './sockstat.js'

// Collectors that each read a few small files: one table of expected samples per fixture tree.
const paths = {
  ...DEFAULT_PATHS,
  procfs: fileURLToPath(new URL('../testdata/proc', import.meta.url)),
  sysfs: fileURLToPath(new URL('../testdata/sys', import.meta.url)),
}
const missing = { ...DEFAULT_PATHS, procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys' }

function flat(families: MetricFamily[]): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {}
  for (const f of families) {
    for (const m of f.metrics) {
      const labels = Object.entries(m.labels).map(([k, v]) => `${k}="${v}"`)
      out[labels.length === 0 ? f.name : `${f.name}{${labels.join(',')}}`] = m.value
    }
  }
  return out
}

describe.each<[string, () => Collector, Record<string, number>]>([
  [
    'conntrack',
    () => new ConntrackCollector(paths),
    {
      node_nf_conntrack_entries: 17,
      node_nf_conntrack_entries_limit: 65536,
      node_nf_conntrack_stat_found: 3,
      node_nf_conntrack_stat_invalid: 16,
      node_nf_conntrack_stat_ignore: 5,
      node_nf_conntrack_stat_insert: 0,
      node_nf_conntrack_stat_insert_failed: 1,
      node_nf_conntrack_stat_drop: 4,
      node_nf_conntrack_stat_early_drop: 0,
      node_nf_conntrack_stat_search_restart: 4,
    },
  ],
  [
    'cpufreq',
    () => new CpufreqCollector(paths),
    {
      'node_cpu_scaling_frequency_hertz{cpu="0"}': 2.4e9,
      'node_cpu_scaling_frequency_max_hertz{cpu="0"}': 3.6e9,
      'node_cpu_scaling_frequency_min_hertz{cpu="0"}': 8e8,
    },
  ],
  [
    'entropy',
    () => new EntropyCollector(paths),
    { node_entropy_available_bits: 256, node_entropy_pool_size_bits: 256 },
  ],
  ['filefd', () => new FilefdCollector(paths), { node_filefd_allocated: 1024, node_filefd_maximum: 2 ** 63 }],
  [
    'netstat',
    () => new NetstatCollector(paths),
    {
      node_netstat_Icmp6_InMsgs: 3,
      node_netstat_Ip6_InOctets: 64000,
      node_netstat_Ip6_OutOctets: 32000,
      node_netstat_IpExt_InOctets: 123456,
      node_netstat_IpExt_OutOctets: 654321,
      node_netstat_Ip_Forwarding: 1,
      node_netstat_TcpExt_ListenDrops: 4,
      node_netstat_TcpExt_ListenOverflows: 3,
      node_netstat_TcpExt_SyncookiesRecv: 0,
      node_netstat_TcpExt_SyncookiesSent: 0,
      node_netstat_TcpExt_TCPTimeouts: 17,
      node_netstat_Tcp_ActiveOpens: 10,
      node_netstat_Tcp_CurrEstab: 4,
      node_netstat_Tcp_InErrs: 0,
      node_netstat_Tcp_InSegs: 3000,
      node_netstat_Tcp_OutRsts: 7,
      node_netstat_Tcp_OutSegs: 3100,
      node_netstat_Tcp_PassiveOpens: 20,
      node_netstat_Tcp_RetransSegs: 5,
      node_netstat_Udp6_InDatagrams: 40,
      node_netstat_Udp6_InErrors: 1,
      node_netstat_Udp_InDatagrams: 100,
      node_netstat_Udp_InErrors: 0,
      node_netstat_Udp_NoPorts: 2,
      node_netstat_Udp_OutDatagrams: 90,
      node_netstat_Udp_RcvbufErrors: 0,
      node_netstat_Udp_SndbufErrors: 0,
    },
  ],
  [
    'pressure',
    () => new PressureCollector(paths),
    {
      node_pressure_cpu_waiting_seconds_total: 1.5,
      node_pressure_io_waiting_seconds_total: 2.5,
      node_pressure_io_stalled_seconds_total: 0.5,
      node_pressure_memory_waiting_seconds_total: 0.0003,
      node_pressure_memory_stalled_seconds_total: 0.0001,
    },
  ],
])('the %s collector on fixtures', (_name, create, expected) => {
  it('reports exactly the expected samples', async () => {
    expect(flat(await create().collect())).toEqual(expected)
  })
})

describe('sockstat on fixtures', () => {
  it('reports IPv4 and IPv6 sockets, memory in pages and in bytes', async () => {
    const got = flat(await new SockstatCollector(paths).collect())
    expect(got).toMatchObject({
      node_sockstat_sockets_used: 229,
      node_sockstat_TCP_inuse: 4,
      node_sockstat_TCP_tw: 2,
      node_sockstat_TCP_alloc: 8,
      node_sockstat_TCP_mem: 3,
      node_sockstat_UDP_mem: 2,
      node_sockstat_FRAG_memory: 0,
      node_sockstat_TCP6_inuse: 2,
      node_sockstat_FRAG6_memory: 0,
    })
    expect((got.node_sockstat_TCP_mem_bytes as number) / 3).toBeGreaterThanOrEqual(4096)
    expect(Object.keys(got)).toHaveLength(20)
  })
})

describe('collectors where the kernel has no such files', () => {
  it.each<[string, () => Collector]>([
    ['pressure', () => new PressureCollector(missing)],
    ['conntrack', () => new ConntrackCollector(missing)],
  ])('%s reports no data rather than failing', async (_name, create) => {
    await expect(create().collect()).rejects.toMatchObject({ code: 'ERR_NO_DATA' })
  })

  it.each<[string, () => Collector]>([
    ['entropy', () => new EntropyCollector(missing)],
    ['filefd', () => new FilefdCollector(missing)],
    ['netstat', () => new NetstatCollector(missing)],
  ])('%s fails, naming the file', async (_name, create) => {
    await expect(create().collect()).rejects.toMatchObject({
      code: 'ENOENT',
      path: expect.stringContaining('/nonexistent/proc'),
    })
  })

  it('sockstat reports nothing when neither file exists', async () => {
    expect(await new SockstatCollector(missing).collect()).toEqual([])
  })
})
