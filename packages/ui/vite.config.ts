import { defineConfig } from 'vite'

// The browser app lives in app/ and builds into dist/app, which ships in the npm package so that
// `watchfire server` serves it with no build on the user's machine. A relative base lets the same files work
// under any --web.route-prefix: every UI route is one path segment below the prefix.
export default defineConfig({
  // Absolute, so `vite build --config packages/ui/vite.config.ts` from the repository root works too.
  root: decodeURIComponent(new URL('./app/', import.meta.url).pathname),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
})
