import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources through the "source" export condition,
// so unit tests never need a build; end-to-end suites spawn processes and run the built dist.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    reporters: ['default', './test/support/count-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'packages/ui/app/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Short budget by default (≤ 2 min on 2 cores); FUZZ_RUNS / FUZZ_SECONDS for longer runs.
        extends: true,
        test: { name: 'fuzz', include: ['test/fuzz/**/*.fuzz.test.ts'] },
      },
    ],
  },
})
