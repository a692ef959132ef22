import { launch } from '/work/main/bench/ui/browser.js'
const url = process.argv[2]
const browser = await launch()
for (let i = 0; i < 6; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await ctx.newPage()
  await page.goto(url)
  await page.waitForSelector('[data-testid=graph][data-drawn]', { timeout: 30000 })
  const r = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const res = performance
      .getEntriesByType('resource')
      .map((e) => [e.name.split('/').pop().slice(0, 40), Math.round(e.startTime), Math.round(e.responseEnd)])
    return {
      dcl: Math.round(nav.domContentLoadedEventEnd),
      resp: Math.round(nav.responseEnd),
      res,
      mark: performance.getEntriesByName('watchfire:first-graph')[0]?.startTime,
      marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
    }
  })
  console.log(JSON.stringify(r))
  await ctx.close()
}
await browser.close()
