// The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; nothing downloads
// a browser), served by a real `watchfire server` (started in-process) that scrapes the instrumented fixture app
// every second and runs a rule file with an always-firing alert. Screenshots of every page land in
// test/e2e/artifacts/ui-*.png.
// Budget: ≤ 90 s on 2 cores (measured 41 s: the server's first scrapes, the 5 s auto-refresh and Chromium
// start-up dominate).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '@watchfire/server'
import { uiAssetsBuilt } from '@watchfire/ui'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { eventually } from './lib/prometheus.js'

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))
const REPO = fileURLToPath(new URL('../../', import.meta.url))
// Outside CI a machine without Chromium skips this suite; in CI (.ci/run installs it) it runs, and fails if missing.
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
let dir: string
let server: RunningServer
let context: BrowserContext

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `ui-${name}.png`), fullPage: true })
}

// Counts canvas pixels in the series' saturated colours (grid and axes are grey), proving uPlot drew lines.
const colouredPixels = (panel = 0): string => `(() => {
  const c = document.querySelector('[data-panel="${panel}"] [data-testid=graph] canvas')
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
  await page.locator(`[data-panel="${panel}"] .cm-content`).click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(text)
}

/** Records the query parameters of every range query the page sends. */
function rangeQueries(page: Page): URLSearchParams[] {
  const seen: URLSearchParams[] = []
  page.on('request', (req) => {
    const url = new URL(req.url())
    if (!url.pathname.endsWith('/api/v1/query_range')) return
    seen.push(req.method() === 'GET' ? url.searchParams : new URLSearchParams(req.postData() ?? ''))
  })
  return seen
}

const param = (page: Page, name: string): string | null => new URL(page.url()).searchParams.get(name)

async function apiQuery(expr: string): Promise<unknown[]> {
  const res = await fetch(`${server.url}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = (await res.json()) as { data?: { result?: unknown[] } }
  return body.data?.result ?? []
}

describe.skipIf(!hasChromium)('web UI in Chromium against watchfire server', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    // CI typechecks (tsc -b) but does not run the root build, so the Vite bundle is made here when missing (~6 s).
    if (!uiAssetsBuilt())
      execFileSync('npm', ['run', 'build', '-w', 'packages/ui'], { cwd: REPO, stdio: 'ignore' })
    app = await startFixtureApp('instrumented-app')
    dir = await mkdtemp(join(tmpdir(), 'watchfire-ui-'))
    const rulesFile = join(dir, 'rules.yml')
    await writeFile(rulesFile, RULES)
    const storagePath = join(dir, 'data')
    server = await startServer({
      config: {
        yaml: `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [${JSON.stringify(rulesFile)}]
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${app.target}'] }]
`,
      },
      storagePath,
      listenAddress: '127.0.0.1:0',
      flags: { 'storage.tsdb.path': storagePath, 'web.listen-address': '127.0.0.1:0' },
      log: () => {},
    })
    context = await chromium.launchPersistentContext(join(dir, 'chromium'), {
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
    // Fail a step in seconds rather than at the test's timeout.
    context.setDefaultTimeout(10_000)
    // A few scrapes so the graph has a line to draw, and the alert firing.
    await eventually(async () => {
      const r = await apiQuery('count_over_time(up{job="app"}[1m]) >= 6 and on() ALERTS{alertstate="firing"}')
      return r.length > 0 ? true : undefined
    }, 30_000)
  })

  afterAll(async () => {
    await context?.close()
    await server?.close()
    await app?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('redirects /graph to /query keeping Prometheus-style parameters', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/graph?g0.expr=up&g0.tab=1`)
    expect(new URL(page.url()).pathname).toBe('/query')
    await expect.poll(() => page.locator('[data-panel="0"] .cm-content').textContent()).toBe('up')
    await page.close()
  })

  it('offers the server metric names when typing rate(', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/query`)
    await typeExpr(page, 0, 'rate(')
    const options = page.locator('.cm-tooltip-autocomplete li')
    await options.first().waitFor()
    await page.keyboard.type('app_req')
    await expect
      .poll(async () => (await options.allTextContents()).some((l) => l.includes('app_requests_total')))
      .toBe(true)
    await shot(page, 'autocomplete')
    await page.close()
  })

  it('shows the rows of an instant query in the table, and keeps it in the history', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/query`)
    await typeExpr(page, 0, 'app_temperature_celsius')
    await page.keyboard.press('Shift+Enter')
    await typeExpr(page, 0, 'app_requests_total')
    await page.keyboard.press('Shift+Enter')
    const rows = page.locator('[data-panel="0"] .result-table tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    const text = (await rows.allTextContents()).join('\n')
    expect(text).toContain('app_requests_total{code="200", instance=')
    expect(text).toMatch(/method="GET"}\s*7/)
    expect(text).toMatch(/method="POST"}\s*3/)
    expect(await page.locator('[data-panel="0"] .meta').textContent()).toContain('Result series: 2')
    expect(param(page, 'g0.expr')).toBe('app_requests_total')
    await shot(page, 'table')

    // The history lists both, newest first; picking one puts it back in the editor.
    await page.getByRole('button', { name: 'History' }).click()
    const entries = page.locator('[aria-label="Query history"] button')
    expect((await entries.allTextContents()).slice(0, 2)).toEqual([
      'app_requests_total',
      'app_temperature_celsius',
    ])
    await shot(page, 'history')
    await entries.nth(1).click()
    await expect
      .poll(() => page.locator('[data-panel="0"] .cm-content').textContent())
      .toBe('app_temperature_celsius')
    await page.keyboard.press('Shift+Enter')
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringMatching(/21\.5$/)])
    await page.close()
  })

  it('draws one line per series, isolates one from the legend, and names it on hover', async () => {
    const page = await context.newPage()
    await page.goto(
      `${server.url}/query?g0.expr=app_requests_total&g0.tab=0&g0.range_input=1m&g0.step_input=1`,
    )
    const graph = page.locator('[data-testid=graph][data-drawn]')
    await graph.waitFor()
    expect(await graph.getAttribute('data-series-count')).toBe('2')
    expect(await page.evaluate<number>(colouredPixels())).toBeGreaterThan(50)
    await page.locator('.legend button').first().click()
    await expect.poll(() => graph.getAttribute('data-visible-count')).toBe('1')
    expect(await page.locator('.legend button[aria-pressed=true]').count()).toBe(1)
    await page.locator('.legend button').first().click()
    await expect.poll(() => graph.getAttribute('data-visible-count')).toBe('2')

    // The series sit at 3 and 7: hovering near the top of the plot at its right edge names the GET one.
    const box = await page.locator('[data-testid=graph] .u-over').boundingBox()
    if (box === null) throw new Error('cannot find the plot area')
    await page.mouse.move(box.x + box.width - 4, box.y + 30)
    const tip = page.locator('[data-testid=graph] .tooltip')
    await tip.waitFor({ state: 'visible' })
    expect(await tip.textContent()).toMatch(/app_requests_total\{.*method="GET".*\}value: 7/)
    await shot(page, 'graph')
    await page.close()
  })

  it('follows the range, end time, resolution and stacked controls, in the requests and the URL', async () => {
    const page = await context.newPage()
    const sent = rangeQueries(page)
    await page.goto(`${server.url}/query?g0.expr=app_requests_total&g0.tab=0&g0.range_input=1m`)
    const graph = page.locator('[data-testid=graph][data-drawn]')
    await graph.waitFor()
    const last = (): URLSearchParams => sent[sent.length - 1] ?? new URLSearchParams()
    const span = (): number => Number(last().get('end')) - Number(last().get('start'))
    expect(span()).toBe(60)

    await page.getByLabel('Range', { exact: true }).fill('10s')
    await page.keyboard.press('Enter')
    await expect.poll(() => param(page, 'g0.range_input')).toBe('10s')
    await expect.poll(span).toBe(10)

    await page.getByLabel('Resolution in seconds').fill('2')
    await page.keyboard.press('Tab')
    await expect.poll(() => last().get('step')).toBe('2')
    expect(param(page, 'g0.step_input')).toBe('2')

    // The last second: the scrapes of the last 10 s make a line (and, stacked, an area) across most of the plot.
    const endSec = Math.floor(Date.now() / 1000)
    const end = new Date(endSec * 1000).toISOString().slice(0, 19).replace('T', ' ')
    await page.getByLabel('End time').fill(end)
    await page.keyboard.press('Enter')
    await expect.poll(() => param(page, 'g0.end_input')).toBe(end)
    await expect.poll(() => last().get('end')).toBe(String(endSec))
    await page.getByRole('button', { name: 'Earlier' }).click()
    await expect.poll(() => last().get('end')).toBe(String(endSec - 5))
    await page.getByRole('button', { name: 'Later' }).click()
    await expect.poll(() => last().get('end')).toBe(String(endSec))

    // Stacked fills the area under each line: many more coloured pixels than two thin lines.
    await expect.poll(() => page.locator('.meta').textContent()).toContain('Result series: 2')
    const lines = await page.evaluate<number>(colouredPixels())
    const drawn = Number(await graph.getAttribute('data-drawn'))
    await page.getByRole('button', { name: 'Stacked' }).click()
    await expect.poll(() => param(page, 'g0.stacked')).toBe('1')
    await expect.poll(async () => Number(await graph.getAttribute('data-drawn'))).toBeGreaterThan(drawn)
    expect(await page.evaluate<number>(colouredPixels())).toBeGreaterThan(lines * 3)
    await shot(page, 'stacked')
    await page.close()
  })

  it('re-runs the range query on auto-refresh', async () => {
    const page = await context.newPage()
    const sent = rangeQueries(page)
    await page.goto(`${server.url}/query?g0.expr=up&g0.tab=0&g0.range_input=1m`)
    await page.locator('[data-testid=graph][data-drawn]').waitFor()
    const before = sent.length
    await page.getByLabel('Refresh').selectOption('5')
    await expect.poll(() => sent.length, { timeout: 8_000 }).toBeGreaterThan(before)
    // A refresh moves the window forward: the end is "now", not the first run's end.
    expect(Number(sent[sent.length - 1]?.get('end'))).toBeGreaterThan(Number(sent[0]?.get('end')))
    await page.close()
  })

  it('shows a parse error inline and the server error in the panel', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/query`)
    await typeExpr(page, 0, 'rate(app_requests_total)')
    await page.locator('.cm-lintRange-error').first().waitFor()
    await page.keyboard.press('Shift+Enter')
    const err = page.locator('[data-testid=query-error]')
    await err.waitFor()
    expect(await err.textContent()).toContain('range vector')
    await page.keyboard.press('Escape')
    await page.locator('.cm-lintRange-error').first().hover()
    await page.locator('.cm-tooltip-lint').waitFor()
    await shot(page, 'error')
    await page.close()
  })

  it('restores several panels from a reloaded URL', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/query`)
    await typeExpr(page, 0, 'up')
    await page.keyboard.press('Shift+Enter')
    await page.getByRole('button', { name: 'Add Panel' }).click()
    await typeExpr(page, 1, 'app_temperature_celsius')
    await page.keyboard.press('Shift+Enter')
    await page.locator('[data-panel="1"] [role=tab]', { hasText: 'Graph' }).click()
    await expect.poll(() => param(page, 'g1.tab')).toBe('0')
    await page.reload()
    await expect
      .poll(() => page.locator('[data-panel] .cm-content').allTextContents())
      .toEqual(['up', 'app_temperature_celsius'])
    expect(await page.locator('[data-panel="1"] [role=tab][aria-selected=true]').textContent()).toBe('Graph')
    await page.locator('[data-panel="1"] [data-testid=graph][data-series-count="1"][data-drawn]').waitFor()
    // An hour-long default range holds only the last seconds of data: a short line at the right edge.
    expect(await page.evaluate<number>(colouredPixels(1))).toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-panel="0"] .result-table tbody tr').count()).toBe(1)
    await shot(page, 'panels')
    await page.close()
  })

  it('shows the app UP on the targets page', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/targets`)
    const row = page.locator('[data-pool="app"] tbody tr')
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    expect((await row.locator('.badge').textContent())?.toUpperCase()).toBe('UP')
    expect(await row.textContent()).toContain(`http://${app.target}/metrics`)
    await shot(page, 'targets')
    await page.close()
  })

  it('lists the firing alert on the alerts page', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/alerts`)
    const firing = page.locator('[data-alert="AlwaysFiring"]')
    await firing.waitFor()
    expect(await firing.getAttribute('data-state')).toBe('firing')
    expect(await firing.textContent()).toContain('This alert always fires.')
    expect(await page.locator('[data-alert="NeverFires"]').getAttribute('data-state')).toBe('inactive')
    await shot(page, 'alerts')
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
    await page.goto(`${server.url}/${path}`)
    await expect.poll(() => page.locator('main').textContent()).toContain(text)
    await shot(page, path)
    await page.close()
  })

  it('follows the system dark theme', async () => {
    const page = await context.newPage()
    const luminance = (): Promise<number> =>
      page.evaluate<number>(`(() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number)
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
      })()`)
    await page.emulateMedia({ colorScheme: 'light' })
    await page.goto(`${server.url}/alerts`)
    await page.locator('[data-alert="AlwaysFiring"]').waitFor()
    expect(await luminance()).toBeGreaterThan(0.8)
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await luminance()).toBeLessThan(0.2)
    await shot(page, 'alerts-dark')
    await page.close()
  })

  it('fits a phone-width screen', async () => {
    const page = await context.newPage()
    await page.setViewportSize({ width: 390, height: 800 })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(
      `${server.url}/query?g0.expr=app_requests_total&g0.tab=0&g0.range_input=1m&g0.step_input=1`,
    )
    await page.locator('[data-testid=graph][data-series-count="2"][data-drawn]').waitFor()
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')
    expect(overflow).toBeLessThanOrEqual(0)
    await shot(page, 'phone-dark')
    await page.goto(`${server.url}/targets`)
    await page.locator('[data-pool="app"] tbody tr').first().waitFor()
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0)
    await shot(page, 'phone-targets')
    await page.close()
  })
})
