export { Pushgateway } from './pushgateway.js'
export type { PushgatewayOptions, PushParameters, PushRegistry, PushResult } from './pushgateway.js'
export { PushgatewayError, PushgatewayStatusError, PushgatewayTimeoutError } from './errors.js'
export { groupingKeyPath } from './grouping-key.js'
