import { createRequire } from 'node:module'
import type { Collector } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'
import { family, sample } from './family.js'

const packageJson = createRequire(import.meta.url)('../package.json') as { version: string }

/** This package's version, reported as node_exporter_build_info's `version`. */
export const NODE_EXPORTER_VERSION: string = packageJson.version

// Go's names for Node's architectures, so dashboards filtering on goarch keep working.
const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' }

/**
 * `node_exporter_build_info` with node_exporter's label names: `goversion` carries the Node.js version
 * and `goos`/`goarch` the platform, so existing dashboards and alerts find the series. Branch and
 * revision are `unknown` rather than empty, so the series keeps every label name.
 */
export class BuildInfoCollector implements Collector {
  private readonly families: MetricFamily[] = [
    family(
      'node_exporter_build_info',
      "A metric with a constant '1' value labeled by version, revision, branch, goversion from which node_exporter was built, and the goos and goarch for the build.",
      'gauge',
      [
        sample(1, {
          branch: 'unknown',
          goarch: GOARCH[process.arch] ?? process.arch,
          goos: process.platform,
          goversion: `node${process.versions.node}`,
          revision: 'unknown',
          version: NODE_EXPORTER_VERSION,
        }),
      ],
    ),
  ]

  collect(): MetricFamily[] {
    return this.families
  }
}
