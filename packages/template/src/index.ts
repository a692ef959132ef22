export { Template, SafeHtml } from './template.js'
export type { TemplateOptions } from './template.js'
export type { MissingKey } from './exec/state.js'
export { TemplateParseError, TemplateExecError } from './errors.js'
export { goFunc } from './func.js'
export type { FuncMap, TemplateFunc, FuncSpec, ParamKind, ExecContext } from './func.js'
export { sprintf, sprint, formatV } from './fmt/sprintf.js'
export { GoTime } from './go-time.js'
export { prometheusFuncs, QuerySample } from './prometheus/funcs.js'
export type { PrometheusFuncsOptions, QueryFunc, QuerySampleInput } from './prometheus/funcs.js'
export {
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
} from './prometheus/humanize.js'
export { ALERT_TEMPLATE_DEFS, AlertTemplateData, expandAlertTemplate } from './prometheus/alert.js'
export type { Expansion } from './prometheus/alert.js'
export { alertmanagerFuncs } from './alertmanager/funcs.js'
export { KV, Pair, Pairs, Alert, Alerts, NotificationData, notificationData } from './alertmanager/data.js'
export type { AlertInput } from './alertmanager/data.js'
export { notificationDataFromJSON } from './alertmanager/data-json.js'
export { NotificationTemplates } from './alertmanager/notification-templates.js'
export type { TemplateSource } from './alertmanager/notification-templates.js'
export { DEFAULT_TEMPLATES } from './alertmanager/default-templates.js'
