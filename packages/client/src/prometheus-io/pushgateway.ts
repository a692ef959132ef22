import { Pushgateway as BasePushgateway } from '../pushgateway/index.js'
import type { PushgatewayOptions as BaseOptions, PushRegistry } from '../pushgateway/index.js'
import { Registry } from '../registry.js'
import type { RegistryContentType } from '../registry.js'

/** @prometheus-io/client's Pushgateway options: the same, and `null` is accepted for none. */
export type PushgatewayOptions = BaseOptions

/** @prometheus-io/client's Pushgateway: also accepts `(url, registry)`, without options. */
export class Pushgateway extends BasePushgateway {
  constructor(
    url: string,
    optionsOrRegistry?: PushgatewayOptions | Registry<RegistryContentType> | null,
    registry?: PushRegistry,
  ) {
    if (optionsOrRegistry instanceof Registry) super(url, {}, optionsOrRegistry)
    else super(url, optionsOrRegistry ?? {}, registry)
  }
}
