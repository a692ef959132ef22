import { jsonResult, type ApiResult } from './api-response.js'

/** Where /api/v1/alertmanagers reads from: the notifier's discovered Alertmanagers. */
export interface AlertmanagerRetriever {
  /** URLs alerts are posted to. */
  alertmanagers(): readonly string[]
  /** URLs of discovered Alertmanagers that relabelling dropped. */
  droppedAlertmanagers(): readonly string[]
}

/** GET /api/v1/alertmanagers: the active and the dropped Alertmanagers, each as `{url}`. */
export function alertmanagersApi(retriever: AlertmanagerRetriever): ApiResult {
  return jsonResult({
    activeAlertmanagers: retriever.alertmanagers().map((url) => ({ url })),
    droppedAlertmanagers: retriever.droppedAlertmanagers().map((url) => ({ url })),
  })
}
