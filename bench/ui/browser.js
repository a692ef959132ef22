// Driving Debian's Chromium (playwright-core, nothing downloaded) to time a UI's first graph and weigh the
// assets its page loads. Both UIs are measured the same way: an init script polls the DOM on every animation
// frame from navigation start and records performance.now() when the page's chart shows every series.
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'

/** Launches a headless Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
}

const detector = (condition) => `(() => {
  const check = () => {
    let done = false
    try { done = ${condition} } catch { done = false }
    if (done) window.__firstGraphMs = performance.now()
    else requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
})()`

/**
 * Loads `url` in a fresh context (cold cache) and resolves with the milliseconds from navigation start until
 * `condition` (a JS expression) first held, plus every non-API response's body (for the bundle size); with
 * `screenshotPath`, saves what the page shows once loaded.
 * @returns {Promise<{ firstGraphMs: number, markMs: number | undefined, assets: { url: string, bytes: Buffer }[] }>}
 */
export async function firstGraph(browser, url, condition, screenshotPath = undefined, timeoutMs = 60_000) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  try {
    await context.addInitScript(detector(condition))
    const page = await context.newPage()
    const bodies = []
    page.on('response', (res) => {
      const path = new URL(res.url()).pathname
      if (path.includes('/api/') || res.status() !== 200) return
      bodies.push(
        res.body().then(
          (bytes) => ({ url: res.url(), bytes }),
          () => undefined,
        ),
      )
    })
    await page.goto(url)
    await page.waitForFunction('window.__firstGraphMs !== undefined', undefined, {
      timeout: timeoutMs,
      polling: 100,
    })
    // The page's weight counts everything it loads, also what arrives after the graph (our editor's chunk).
    await page.waitForLoadState('networkidle')
    const firstGraphMs = await page.evaluate('window.__firstGraphMs')
    const markMs = await page.evaluate(`performance.getEntriesByName('watchfire:first-graph')[0]?.startTime`)
    if (screenshotPath !== undefined) await page.screenshot({ path: screenshotPath })
    const assets = (await Promise.all(bodies)).filter((a) => a !== undefined)
    return { firstGraphMs, markMs, assets }
  } finally {
    await context.close()
  }
}

/** Raw and gzip (level 9) bytes of a set of files or responses. */
export function weigh(bodies) {
  let raw = 0
  let gzip = 0
  for (const bytes of bodies) {
    raw += bytes.length
    gzip += gzipSync(bytes, { level: 9 }).length
  }
  return { raw, gzip, files: bodies.length }
}
