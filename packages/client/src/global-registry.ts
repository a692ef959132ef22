// The global registry lives in registry.ts (its subclass must see Registry without an import cycle); this
// module names it for code that imports it on its own.
export { register, contentType } from './registry.js'
