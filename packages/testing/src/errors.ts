import { WatchfireError } from '@watchfire/model'

/**
 * A harness used wrongly or asked something it cannot answer: match on `code`
 * (`ERR_HARNESS_DURATION`, `ERR_HARNESS_TIME`, `ERR_HARNESS_SOURCE`, `ERR_HARNESS_BUSY`,
 * `ERR_HARNESS_RESULT`, `ERR_HARNESS_RULES`), never on the message.
 */
export class HarnessError extends WatchfireError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'HarnessError'
  }
}
