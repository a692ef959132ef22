export { ConfigError } from './config/config-error.js'
export { parseConfig, loadConfigFile } from './config/load-config.js'
export { parseDuration, formatDuration } from './config/duration.js'
export { parseByteSize } from './config/byte-size.js'
export { checkConfigFiles } from './config/check-files.js'
export type {
  Config,
  GlobalConfig,
  ScrapeConfig,
  ScrapeProtocol,
  HttpClientConfig,
  TlsConfig,
  TargetGroupConfig,
  FileSdConfig,
  HttpSdConfig,
  AlertmanagerConfig,
  RemoteWriteConfig,
} from './config/config-types.js'
export { globFiles } from './config/glob.js'
export { countRules } from './config/rule-file-count.js'
export type { TargetGroup, Discoverer } from './discovery/target-group.js'
export { StaticDiscovery } from './discovery/static-discovery.js'
export { FileDiscovery } from './discovery/file-discovery.js'
export type { DiscoveryLog } from './discovery/file-discovery.js'
export { HttpDiscovery } from './discovery/http-discovery.js'
export type { SdFetch } from './discovery/http-discovery.js'
export { parseTargetGroups } from './discovery/parse-target-groups.js'
export { DiscoveryManager } from './discovery/discovery-manager.js'
export type { DiscoveryManagerOptions } from './discovery/discovery-manager.js'
export { ScrapeManager } from './scrape/scrape-manager.js'
export type { ScrapeManagerOptions } from './scrape/scrape-manager.js'
export { ScrapePool } from './scrape/scrape-pool.js'
export { ScrapeLoop } from './scrape/scrape-loop.js'
export { Target, populateTarget, targetsFromGroups } from './scrape/target.js'
export type { TargetHealth, TargetError } from './scrape/target.js'
export { acceptHeader, DEFAULT_ACCEPT, NATIVE_HISTOGRAMS_ACCEPT } from './scrape/accept-header.js'
export { httpScrapeFetcher } from './scrape/scrape-http.js'
export type { ScrapeFetcher, ScrapeResponse } from './scrape/scrape-http.js'
export { ConfigReloader } from './config/config-reloader.js'
export type { ConfigApplier, ReloadLog } from './config/config-reloader.js'
