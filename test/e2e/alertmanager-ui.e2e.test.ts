// The Alertmanager's web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// alerts posted through API v2 show grouped as the routing tree groups them, with their inhibited state; a
// silence is created from an alert through the form, the alert then shows as silenced, and the silence is
// expired through the silences page; an active silence is edited in place; the status page shows the
// configuration and uptime; the page follows the system's dark setting and requests nothing off this server.
// Budget: ≤ 60 s (measured ~10 s; Chromium start-up dominates).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlertmanager, type RunningAlertmanager } from '@watchfire/alertmanager'

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))
const REPO = fileURLToPath(new URL('../../', import.meta.url))
const SCRIPTS = join(REPO, 'packages/alertmanager/dist/app/main.js')
// Outside CI a machine without Chromium skips this suite; in CI it runs, and fails if Chromium is missing.
const hasChromium = existsSync(CHROMIUM) || process.env.CI === 'true'

const CONFIG = `route:
  receiver: team
  group_by: [alertname]
  group_wait: 1h
  routes:
    - matchers: ['severity="page"']
      receiver: pager
      group_by: [alertname, cluster]
inhibit_rules:
  - source_matchers: [alertname="NodeDown"]
    target_matchers: [alertname="Unreachable"]
    equal: [instance]
receivers:
  - name: team
  - name: pager
`

const ALERTS = [
  { alertname: 'DiskFull', severity: 'page', cluster: 'c1', instance: 'a' },
  { alertname: 'DiskFull', severity: 'page', cluster: 'c1', instance: 'b' },
  { alertname: 'DiskFull', severity: 'page', cluster: 'c2', instance: 'c' },
  { alertname: 'HighLatency', service: 'api', instance: 'd' },
  { alertname: 'NodeDown', instance: 'e' },
  { alertname: 'Unreachable', instance: 'e' },
].map((labels) => ({ labels, annotations: { summary: `${labels.alertname} on ${labels.instance}` } }))

interface GroupJson {
  labels: Record<string, string>
  receiver: { name: string }
  alerts: { fingerprint: string; labels: Record<string, string>; status: { state: string } }[]
}

let dir = ''
let profile = ''
let am: RunningAlertmanager
let context: BrowserContext
const offServer: string[] = []

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${am.url}/api/v2${path}`, {
    headers: { 'Content-Type': 'application/json' },
    ...init,
  })
  expect(res.ok).toBe(true)
  const text = await res.text()
  return (text === '' ? undefined : JSON.parse(text)) as T
}

async function open(hash: string): Promise<Page> {
  const page = await context.newPage()
  page.on('request', (r) => {
    if (!r.url().startsWith(am.url)) offServer.push(r.url())
  })
  await page.goto(`${am.url}/${hash}`)
  return page
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `alertmanager-${name}.png`), fullPage: true })
}

const fingerprintOf = async (alertname: string): Promise<string> => {
  const groups = await api<GroupJson[]>('/alerts/groups')
  const alert = groups.flatMap((g) => g.alerts).find((a) => a.labels.alertname === alertname)
  return alert?.fingerprint ?? ''
}

describe.skipIf(!hasChromium)('alertmanager web UI in Chromium', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    // CI builds with tsc -b before the suites; a bare checkout gets the browser modules here (~3 s).
    if (!existsSync(SCRIPTS))
      execFileSync('npx', ['tsc', '-b', 'packages/alertmanager/app/tsconfig.json'], { cwd: REPO })
    dir = await mkdtemp(join(tmpdir(), 'watchfire-am-ui-'))
    await writeFile(join(dir, 'am.yml'), CONFIG)
    am = await startAlertmanager({ configFile: join(dir, 'am.yml'), listenAddress: '127.0.0.1:0' })
    await api('/alerts', { method: 'POST', body: JSON.stringify(ALERTS) })
    profile = await mkdtemp(join(tmpdir(), 'watchfire-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    })
    context.setDefaultTimeout(10_000)
  })

  afterAll(async () => {
    await context?.close()
    await am?.close()
    for (const d of [dir, profile]) if (d !== '') await rm(d, { recursive: true, force: true })
  })

  it('shows the alerts grouped as the routing tree groups them, with inhibited state', async () => {
    const groups = await api<GroupJson[]>('/alerts/groups')
    const page = await open('#/alerts')
    const boxes = page.locator('[data-testid=group]')
    await expect.poll(() => boxes.count()).toBe(groups.length)
    // DiskFull splits by cluster under the pager route; the rest group by alertname under the root.
    expect(groups.length).toBe(5)
    const texts = await boxes.allTextContents()
    for (const [i, g] of groups.entries()) {
      for (const [k, v] of Object.entries(g.labels)) expect(texts[i]).toContain(`${k}="${v}"`)
      expect(texts[i]).toContain(`receiver: ${g.receiver.name}`)
      expect(await boxes.nth(i).locator('[data-testid=alert]').count()).toBe(g.alerts.length)
    }
    const unreachable = page.locator(`[data-fingerprint="${await fingerprintOf('Unreachable')}"]`)
    expect(await unreachable.getAttribute('data-state')).toBe('suppressed')
    expect(await unreachable.locator('[data-testid=state]').textContent()).toBe('inhibited')
    await shot(page, 'alerts')
    await page.close()
  })

  it('creates a silence from an alert, shows the alert silenced, and expires the silence', async () => {
    const fp = await fingerprintOf('HighLatency')
    const page = await open('#/alerts')
    const row = page.locator(`[data-fingerprint="${fp}"]`)
    await row.locator('[data-testid=silence-alert]').click()
    const form = page.locator('[data-testid=silence-form]')
    await form.waitFor()
    const nameInputs = form.locator('input[name=matcher-name]')
    const names = await Promise.all((await nameInputs.all()).map((input) => input.inputValue()))
    expect(names).toEqual(['alertname', 'instance', 'service'])
    await form.locator('input[name=duration]').fill('3h')
    await form.locator('input[name=duration]').dispatchEvent('change')
    await form.locator('input[name=createdBy]').fill('oncall')
    await form.locator('textarea[name=comment]').fill('deploying a fix')
    await shot(page, 'silence-form')
    await form.locator('[data-testid=save-silence]').click()
    await page.waitForURL(/#\/silences\/[0-9a-f-]{36}$/)
    const id = page.url().split('/').at(-1) ?? ''
    const saved = await api<{
      matchers: { name: string; value: string }[]
      comment: string
      startsAt: string
      endsAt: string
    }>(`/silence/${id}`)
    expect(saved.comment).toBe('deploying a fix')
    expect(saved.matchers.map((m) => `${m.name}=${m.value}`)).toEqual([
      'alertname=HighLatency',
      'instance=d',
      'service=api',
    ])
    expect(Date.parse(saved.endsAt) - Date.parse(saved.startsAt)).toBeCloseTo(3 * 3600_000, -4)
    await expect.poll(() => page.locator('h3').textContent()).toBe('Affected alerts (1)')

    await page.goto(`${am.url}/#/alerts`)
    const silenced = page.locator(`[data-fingerprint="${fp}"]`)
    await expect.poll(() => silenced.getAttribute('data-state')).toBe('suppressed')
    expect(await silenced.locator('[data-testid=state]').textContent()).toBe('silenced')
    await shot(page, 'alert-silenced')

    await page.goto(`${am.url}/#/silences`)
    const card = page.locator(`[data-testid=silence][data-id="${id}"]`)
    await card.locator('[data-testid=expire-silence]').click()
    await card.waitFor({ state: 'detached' })
    expect((await api<{ status: { state: string } }>(`/silence/${id}`)).status.state).toBe('expired')
    await page.locator('[data-testid=tab-expired]').click()
    await page.locator(`[data-testid=silence][data-id="${id}"]`).waitFor()
    await shot(page, 'silences-expired')
    await page.goto(`${am.url}/#/alerts`)
    await expect
      .poll(() => page.locator(`[data-fingerprint="${fp}"]`).getAttribute('data-state'))
      .toBe('active')
    await page.close()
  })

  it('edits an active silence in place', async () => {
    const now = Date.now()
    const { silenceID } = await api<{ silenceID: string }>('/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        createdBy: 'api',
        comment: 'first',
      }),
    })
    const page = await open(`#/silences/${silenceID}/edit`)
    const form = page.locator('[data-testid=silence-form]')
    await form.waitFor()
    expect(await form.locator('input[name=matcher-value]').inputValue()).toBe('DiskFull')
    await form.locator('textarea[name=comment]').fill('second')
    await form.locator('[data-testid=save-silence]').click()
    await page.waitForURL(new RegExp(`#/silences/${silenceID}$`))
    const s = await api<{ comment: string; status: { state: string } }>(`/silence/${silenceID}`)
    expect(s).toMatchObject({ comment: 'second', status: { state: 'active' } })
    const alerts = await api<{ status: { silencedBy: string[] } }[]>(
      '/alerts?filter=alertname%3D%22DiskFull%22',
    )
    expect(alerts.map((a) => a.status.silencedBy)).toEqual([[silenceID], [silenceID], [silenceID]])
    await page.close()
  })

  it('shows the configuration and uptime on the status page, in the system colour scheme', async () => {
    const page = await open('#/status')
    await expect.poll(() => page.locator('[data-testid=config]').textContent()).toBe(CONFIG)
    expect(await page.locator('[data-testid=uptime]').textContent()).toMatch(/^\d+s \(since \d{4}-/)
    const background = (): Promise<string> =>
      page.evaluate<string>('getComputedStyle(document.body).backgroundColor')
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    await page.emulateMedia({ colorScheme: 'dark' })
    const dark = await background()
    expect(light).toBe('rgb(255, 255, 255)')
    expect(dark).not.toBe(light)
    await page.goto(`${am.url}/#/alerts`)
    await page.locator('[data-testid=group]').first().waitFor()
    await shot(page, 'alerts-dark')
    await page.close()
    expect(offServer).toEqual([])
  })
})
