// The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; nothing downloads
// a browser), against the real Prometheus 2.42 scraping the instrumented fixture app. The built UI is served by
// @watchfire/ui's serveUi from a small node:http server that proxies /api/* to Prometheus: the API is the same one
// `watchfire server` speaks, so these checks hold for it too.
// Budget: about 30 s on 2 cores (Prometheus and Chromium start-up dominate); kept under 90 s.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveUi, uiAssetsBuilt } from '@watchfire/ui'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))
const REPO = fileURLToPath(new URL('../../', import.meta.url))
// Without the system browser there is nothing to drive; .ci/run installs it.
// Outside CI a machine without Chromium skips this suite; in CI it runs, and fails if Chromium is missing.
const hasChromium = existsSync(CHROMIUM) || process.env.CI === 'true'

const RULES = `groups:
  - name: ui-test
    interval: 1s
    rules:
      - alert: AlwaysFiring
        expr: vector(1)
        labels: { severity: page }
        annotations: { summary: "This alert always fires." }
      - alert: NeverFires
        expr: vector(1) == 2
      - record: job:app_requests:sum
        expr: sum by (job) (app_requests_total)
`

let app: FixtureApp
let prom: RealPrometheus
let ui: Server
let uiUrl: string
let profile: string
let context: BrowserContext

async function startUiServer(promUrl: string): Promise<Server> {
  const upstream = new URL(promUrl)
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/') === true) {
      const proxied = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      proxied.on('error', () => res.writeHead(502).end())
      req.pipe(proxied)
      return
    }
    void serveUi(req, res, { prefix: '' }).then((handled) => {
      if (!handled) res.writeHead(404).end('not found')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return server
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `ui-${name}.png`), fullPage: true })
}

// Counts canvas pixels in the series' saturated colours (grid and axes are grey), proving uPlot drew lines.
const COLORED_PIXELS = `(() => {
  const c = document.querySelector('[data-testid=graph] canvas')
  if (!c) return -1
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
  let n = 0
  for (let i = 0; i < d.length; i += 4) {
    const max = Math.max(d[i], d[i + 1], d[i + 2]), min = Math.min(d[i], d[i + 1], d[i + 2])
    if (d[i + 3] > 0 && max - min > 80) n++
  }
  return n
})()`

async function typeExpr(page: Page, panel: number, text: string): Promise<void> {
  const editor = page.locator(`[data-panel="${panel}"] .cm-content`)
  await editor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(text)
}

describe.skipIf(!hasChromium)('web UI in Chromium against Prometheus', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    // CI typechecks (tsc -b) but does not run the root build, so the Vite bundle is made here when missing (~6 s).
    if (!uiAssetsBuilt())
      execFileSync('npm', ['run', 'build', '-w', 'packages/ui'], { cwd: REPO, stdio: 'ignore' })
    app = await startFixtureApp('instrumented-app')
    const dir = await mkdtemp(join(tmpdir(), 'watchfire-ui-rules-'))
    const rulesFile = join(dir, 'rules.yml')
    await writeFile(rulesFile, RULES)
    prom = await startPrometheus(
      `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [${JSON.stringify(rulesFile)}]
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${app.target}'] }]
`,
    )
    ui = await startUiServer(prom.url)
    uiUrl = `http://127.0.0.1:${(ui.address() as AddressInfo).port}`
    profile = await mkdtemp(join(tmpdir(), 'watchfire-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    // Fail a step in seconds rather than at the test's two-minute timeout.
    context.setDefaultTimeout(10_000)
    // A few scrapes so the graph has a line to draw and the alert has fired.
    await eventually(async () => {
      const r = await prom.query(
        'count_over_time(up{job="app"}[1m]) >= 4 and on() ALERTS{alertstate="firing"}',
      )
      return r.length > 0 ? true : undefined
    }, 30_000)
  })

  afterAll(async () => {
    await context?.close()
    await new Promise((r) => ui?.close(r))
    await prom?.stop()
    await app?.stop()
    if (profile !== undefined) await rm(profile, { recursive: true, force: true })
  })

  it('redirects /graph to /query keeping Prometheus-style parameters', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/graph?g0.expr=up&g0.tab=1`)
    expect(new URL(page.url()).pathname).toBe('/query')
    await expect.poll(() => page.locator('[data-panel="0"] .cm-content').textContent()).toBe('up')
    await page.close()
  })

  it('offers the server metric names when typing rate(', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/query`)
    await typeExpr(page, 0, 'rate(app_req')
    const options = page.locator('.cm-tooltip-autocomplete li')
    await options.first().waitFor({ timeout: 10_000 })
    const labels = await options.allTextContents()
    expect(labels.some((l) => l.includes('app_requests_total'))).toBe(true)
    await shot(page, 'autocomplete')
    await page.close()
  })

  it('shows the rows of an instant query in the table', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/query`)
    await typeExpr(page, 0, 'app_requests_total')
    await page.keyboard.press('Shift+Enter')
    const rows = page.locator('[data-panel="0"] .result-table tbody tr')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2)
    const text = (await rows.allTextContents()).join('\n')
    expect(text).toContain('app_requests_total{code="200", instance=')
    expect(text).toMatch(/method="GET"}\s*7/)
    expect(text).toMatch(/method="POST"}\s*3/)
    expect(await page.locator('[data-panel="0"] .meta').textContent()).toContain('Result series: 2')
    expect(new URL(page.url()).searchParams.get('g0.expr')).toBe('app_requests_total')
    await shot(page, 'table')
    await page.close()
  })

  it('draws one line per series in the graph and isolates one from the legend', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/query?g0.expr=app_requests_total&g0.tab=0&g0.range_input=1m&g0.step_input=1`)
    const graph = page.locator('[data-testid=graph][data-series-count]')
    await graph.waitFor({ timeout: 10_000 })
    expect(await graph.getAttribute('data-series-count')).toBe('2')
    expect(await page.evaluate<number>(COLORED_PIXELS)).toBeGreaterThan(50)
    await page.locator('.legend button').first().click()
    await expect.poll(() => page.locator('[data-testid=graph]').getAttribute('data-visible-count')).toBe('1')
    await page.locator('.legend button').first().click()
    await expect.poll(() => page.locator('[data-testid=graph]').getAttribute('data-visible-count')).toBe('2')
    const box = await page.locator('[data-testid=graph] .u-over').boundingBox()
    if (box !== null) await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2)
    await shot(page, 'graph')
    await page.close()
  })

  it('shows a parse error inline and the server error in the panel', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/query`)
    await typeExpr(page, 0, 'rate(app_requests_total)')
    await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 10_000 })
    await page.keyboard.press('Shift+Enter')
    const err = page.locator('[data-testid=query-error]')
    await err.waitFor({ timeout: 10_000 })
    expect(await err.textContent()).toContain('range vector')
    await page.keyboard.press('Escape')
    await page.locator('.cm-lintRange-error').first().hover()
    await page.locator('.cm-tooltip-lint').waitFor()
    await shot(page, 'error')
    await page.close()
  })

  it('restores several panels from a reloaded URL', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/query`)
    await typeExpr(page, 0, 'up')
    await page.keyboard.press('Shift+Enter')
    await page.getByRole('button', { name: 'Add Panel' }).click()
    await typeExpr(page, 1, 'app_temperature_celsius')
    await page.keyboard.press('Shift+Enter')
    await page.locator('[data-panel="1"] [role=tab]', { hasText: 'Graph' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('g1.tab')).toBe('0')
    await page.reload()
    await expect
      .poll(() => page.locator('[data-panel] .cm-content').allTextContents())
      .toEqual(['up', 'app_temperature_celsius'])
    expect(await page.locator('[data-panel="1"] [role=tab][aria-selected=true]').textContent()).toBe('Graph')
    await page
      .locator('[data-panel="1"] [data-testid=graph][data-series-count="1"]')
      .waitFor({ timeout: 10_000 })
    await expect.poll(() => page.locator('[data-panel="0"] .result-table tbody tr').count()).toBe(1)
    await shot(page, 'panels')
    await page.close()
  })

  it('shows the app UP on the targets page', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/targets`)
    const row = page.locator('[data-pool="app"] tbody tr')
    await row.first().waitFor({ timeout: 10_000 })
    expect(await row.count()).toBe(1)
    expect((await row.locator('.badge').textContent())?.toUpperCase()).toBe('UP')
    expect(await row.textContent()).toContain(`http://${app.target}/metrics`)
    await shot(page, 'targets')
    await page.close()
  })

  it('lists the firing alert on the alerts page', async () => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/alerts`)
    const firing = page.locator('[data-alert="AlwaysFiring"]')
    await firing.waitFor({ timeout: 10_000 })
    expect(await firing.getAttribute('data-state')).toBe('firing')
    expect(await firing.textContent()).toContain('This alert always fires.')
    expect(await page.locator('[data-alert="NeverFires"]').getAttribute('data-state')).toBe('inactive')
    await shot(page, 'alerts')
    await page.emulateMedia({ colorScheme: 'dark' })
    await shot(page, 'alerts-dark')
    await page.close()
  })

  it.each([
    ['rules', 'job:app_requests:sum'],
    ['status', 'Build Information'],
    ['flags', '--storage.tsdb.path'],
    ['config', 'job_name: app'],
    ['tsdb-status', 'app_requests_total'],
    ['service-discovery', '__address__'],
  ])('renders the %s page', async (path, text) => {
    const page = await context.newPage()
    await page.goto(`${uiUrl}/${path}`)
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain(text)
    await shot(page, path)
    await page.close()
  })

  it('fits a phone-width screen in the dark theme', async () => {
    const page = await context.newPage()
    await page.setViewportSize({ width: 390, height: 800 })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${uiUrl}/query?g0.expr=app_requests_total&g0.tab=0&g0.range_input=1m&g0.step_input=1`)
    await page.locator('[data-testid=graph][data-series-count="2"]').waitFor({ timeout: 10_000 })
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')
    expect(overflow).toBeLessThanOrEqual(0)
    await shot(page, 'phone-dark')
    await page.close()
  })
})
