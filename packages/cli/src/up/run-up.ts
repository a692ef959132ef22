import { access, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { WatchfireError } from '@watchfire/model'
import { logfmtLogger as amLogger, startAlertmanager } from '@watchfire/alertmanager'
import { createLogger, startNodeExporter } from '@watchfire/node-exporter'
import { logfmtLogger as pgLogger, startPushgateway } from '@watchfire/pushgateway'
import { startServer } from '@watchfire/server'
import type { CommandIO } from '../commands/command.js'
import { generateAlertmanagerConfig, type SmtpSettings } from './alertmanager-config.js'
import { reachableAddress, type ListenAddress } from './listen-address.js'
import { startLogReceiver } from './log-receiver.js'
import { checkListenAddresses } from './port-check.js'
import { generatePrometheusConfig } from './prometheus-config.js'
import { Stack } from './stack.js'
import { makeDataDirs, stackFiles } from './stack-files.js'
import { STARTER_RULES } from './starter-rules.js'

/** Everything `watchfire up` needs, resolved from its flags. */
export interface UpOptions {
  server: ListenAddress
  alertmanager: ListenAddress
  pushgateway: ListenAddress
  nodeExporter: ListenAddress
  dataDir: string
  targets: string[]
  targetJob: string
  scrapeIntervalMs: number
  evaluationIntervalMs: number
  retentionMs?: number
  /** The user's own files, replacing the generated ones. */
  configFile?: string
  ruleFiles: string[]
  alertmanagerConfig?: string
  smtp?: SmtpSettings
  enableLifecycle: boolean
  /** Every flag as given, for the server's /api/v1/status/flags. */
  flags: Record<string, string>
}

function prefixed(io: CommandIO, component: string): (line: string) => void {
  return (line) => void io.stderr.write(`component=${component} ${line.endsWith('\n') ? line : `${line}\n`}`)
}

/** Where the server scrapes a part: its listen host (wildcards through loopback) and the port it got. */
function reachedAt(listen: ListenAddress, url: string): string {
  return reachableAddress(listen.host, Number(new URL(url).port))
}

function waitForStop(io: CommandIO, quit: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (io.signal.aborted || quit.aborted) return done()
    io.signal.addEventListener('abort', () => done(), { once: true })
    quit.addEventListener('abort', () => done(), { once: true })
  })
}

/** The user's files made absolute (the generated prometheus.yml lives elsewhere); a missing one is an error. */
async function userFiles(options: UpOptions): Promise<UpOptions> {
  const ruleFiles = options.ruleFiles.map((f) => resolve(f))
  const named = [...ruleFiles.filter((f) => !/[*?[]/.test(f)), options.configFile, options.alertmanagerConfig]
  for (const file of named) {
    if (file === undefined) continue
    await access(file).catch((err: unknown) => {
      throw new WatchfireError('ERR_FLAG', `cannot read ${file} (${(err as Error).message})`, { cause: err })
    })
  }
  return {
    ...options,
    ruleFiles,
    configFile: options.configFile === undefined ? undefined : resolve(options.configFile),
    alertmanagerConfig:
      options.alertmanagerConfig === undefined ? undefined : resolve(options.alertmanagerConfig),
  }
}

/**
 * Runs the server, Alertmanager, Pushgateway and node exporter in this process until SIGINT/SIGTERM
 * (or POST /-/quit with --web.enable-lifecycle), then closes them newest first: the server flushes its
 * WAL, the Pushgateway writes its persistence file and the Alertmanager its state. Resolves with the
 * exit code; a part that cannot start stops the others and throws ERR_UP_START.
 */
export async function runUp(given: UpOptions, io: CommandIO): Promise<number> {
  const options = await userFiles(given)
  const ts = (): string => `ts=${new Date().toISOString()}`
  const upLog = (message: string): void => void io.stderr.write(`${ts()} component=up ${message}\n`)
  await checkListenAddresses([
    options.server,
    options.alertmanager,
    options.pushgateway,
    options.nodeExporter,
  ])
  const files = stackFiles(options.dataDir)
  await makeDataDirs(files).catch((err: unknown) => {
    throw new WatchfireError(
      'ERR_UP_DATA',
      `cannot create the data directories (${(err as Error).message})`,
      {
        cause: err,
      },
    )
  })
  const stack = new Stack(upLog)
  const quit = new AbortController()

  const nodeExporter = await stack.start(
    'node exporter',
    () =>
      startNodeExporter({
        listenAddress: options.nodeExporter.address,
        logger: createLogger('info', prefixed(io, 'node-exporter')),
      }),
    options.nodeExporter,
  )
  const pushgateway = await stack.start(
    'pushgateway',
    () =>
      startPushgateway({
        listenAddress: options.pushgateway.address,
        persistenceFile: files.pushgatewayFile,
        logger: pgLogger(prefixed(io, 'pushgateway')),
      }),
    options.pushgateway,
  )
  let amConfigFile = options.alertmanagerConfig
  if (amConfigFile === undefined) {
    const receiver = await stack.start('alert log receiver', () =>
      startLogReceiver((line) => void io.stdout.write(line)),
    )
    await writeFile(
      files.alertmanagerConfig,
      generateAlertmanagerConfig({ logWebhookUrl: receiver.url, smtp: options.smtp }),
    )
    amConfigFile = files.alertmanagerConfig
  }
  const configFile = amConfigFile
  const alertmanager = await stack.start(
    'alertmanager',
    () =>
      startAlertmanager({
        configFile,
        storagePath: files.alertmanager,
        listenAddress: options.alertmanager.address,
        logger: amLogger(prefixed(io, 'alertmanager')),
      }),
    options.alertmanager,
  )
  const onHup = (): void => void alertmanager.reload().catch(() => undefined)
  process.on('SIGHUP', onHup)

  let prometheusConfig = options.configFile
  if (prometheusConfig === undefined) {
    const ruleFiles = options.ruleFiles.length > 0 ? options.ruleFiles : [files.rules]
    if (options.ruleFiles.length === 0) await writeFile(files.rules, STARTER_RULES)
    const yaml = generatePrometheusConfig({
      addresses: {
        server: reachableAddress(options.server.host, options.server.port),
        alertmanager: reachedAt(options.alertmanager, alertmanager.url),
        pushgateway: reachedAt(options.pushgateway, pushgateway.url),
        nodeExporter: reachedAt(options.nodeExporter, nodeExporter.url),
      },
      scrapeIntervalMs: options.scrapeIntervalMs,
      evaluationIntervalMs: options.evaluationIntervalMs,
      targets: options.targets,
      targetJob: options.targetJob,
      ruleFiles,
    })
    await writeFile(files.prometheusConfig, yaml)
    prometheusConfig = files.prometheusConfig
  }
  const serverConfig = prometheusConfig
  const serverLog = prefixed(io, 'server')
  const server = await stack
    .start(
      'server',
      () =>
        startServer({
          config: { file: serverConfig },
          storagePath: files.tsdb,
          retentionMs: options.retentionMs,
          listenAddress: options.server.address,
          enableLifecycle: options.enableLifecycle,
          flags: options.flags,
          reloadOnSighup: true,
          onQuit: () => quit.abort(),
          log: (message) => serverLog(`${ts()} ${message}`),
        }),
      options.server,
    )
    .catch((err: unknown) => {
      process.off('SIGHUP', onHup)
      throw err
    })

  io.stdout.write(
    [
      'Watchfire is up:',
      `  server         ${server.url}   (targets: ${server.url}/targets, graph: ${server.url}/query)`,
      `  alertmanager   ${alertmanager.url}`,
      `  pushgateway    ${pushgateway.url}`,
      `  node exporter  ${nodeExporter.metricsUrl}`,
      `Data in ${files.dataDir}; configuration: ${serverConfig}, ${configFile}.`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
  await waitForStop(io, quit.signal)
  upLog('level=warn msg="Received termination request, stopping every part"')
  process.off('SIGHUP', onHup)
  const failures = await stack.close()
  if (failures.length > 0) throw new WatchfireError('ERR_UP_STOP', failures.join('; '))
  upLog('level=info msg="See you next time!"')
  return 0
}
