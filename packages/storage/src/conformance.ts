import { afterEach, describe } from 'vitest'
import { describeReadContract } from './conformance/read-contract.js'
import type { StoreUnderTest } from './conformance/read-all.js'
import { describeWriteContract } from './conformance/write-contract.js'

export { readAll } from './conformance/read-all.js'
export type { StoreUnderTest, Point } from './conformance/read-all.js'

/**
 * The storage seam's contract as a vitest suite. Every Appendable + Queryable implementation
 * (MemoryStorage, the TSDB head, fanouts) runs it: `describeStorageConformance('tsdb', makeTsdb)`.
 * Each test gets a fresh store from `makeStore`, closed afterwards when it has `close()`.
 */
export function describeStorageConformance(
  name: string,
  makeStore: () => StoreUnderTest | Promise<StoreUnderTest>,
): void {
  describe(`storage conformance: ${name}`, () => {
    const opened: StoreUnderTest[] = []
    const open = async (): Promise<StoreUnderTest> => {
      const store = await makeStore()
      opened.push(store)
      return store
    }
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close?.()
    })
    describeWriteContract(open)
    describeReadContract(open)
  })
}
