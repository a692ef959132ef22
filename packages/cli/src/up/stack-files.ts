import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** Where `watchfire up` keeps each part's data and the configuration it generates, under --data-dir. */
export interface StackFiles {
  dataDir: string
  /** The server's TSDB. */
  tsdb: string
  /** The Alertmanager's silences and notification log. */
  alertmanager: string
  /** The Pushgateway's persistence file. */
  pushgatewayFile: string
  prometheusConfig: string
  rules: string
  alertmanagerConfig: string
}

/** The layout under `dataDir` (made absolute against the working directory). */
export function stackFiles(dataDir: string): StackFiles {
  const dir = resolve(dataDir)
  return {
    dataDir: dir,
    tsdb: join(dir, 'prometheus'),
    alertmanager: join(dir, 'alertmanager'),
    pushgatewayFile: join(dir, 'pushgateway', 'metrics.store'),
    prometheusConfig: join(dir, 'prometheus.yml'),
    rules: join(dir, 'rules.yml'),
    alertmanagerConfig: join(dir, 'alertmanager.yml'),
  }
}

/** Creates the data directories (the parts create their own files inside). */
export async function makeDataDirs(files: StackFiles): Promise<void> {
  for (const dir of [files.tsdb, files.alertmanager, join(files.dataDir, 'pushgateway')])
    await mkdir(dir, { recursive: true })
}
