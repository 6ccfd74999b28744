/**
 * The map as the crisis manager (krisledare) uses it: the municipality drawn, layers switched on
 * with their badges and legends, exports with their marking, aggregated incidents, a critical asset
 * and an actor opened with Swedish labels, search, the status bar's coordinates, the address
 * restoring the view, the language switch, a 1920×1080 projector and a failed request's message.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  assert,
  canvasSample,
  clickOnMap,
  collectCspViolations,
  cspViolations,
  expectedRefusals,
  getJson,
  jumpTo,
  mapIdle,
  newPage,
  pixelDifference,
  pixelsNear,
  renderedCount,
  type SpecContext,
  shots,
  signIn,
  signInContext,
  test,
  textOf,
} from '../support.ts'

export async function mapSpec({ browser, base, expected, full }: SpecContext): Promise<void> {
  const errors: string[] = []
  const page = await newPage(browser, 1366, 768, errors)
  const prefix = expected.kommun

  await test(`[${prefix}] loads the map and draws ${expected.name}`, async () => {
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await signIn(page, 'krisledare')
    await mapIdle(page)
    const user = await textOf(page.locator('[data-testid="signed-in-user"]'))
    for (const part of ['Kim Krisledare (demo)', 'Krisledning', 'Kommunledningsförvaltningen']) {
      assert(user.includes(part), `top bar user "${user}" lacks ${part}`)
    }
    assert(
      (await page.getByRole('button', { name: 'Administration' }).count()) === 0,
      'a crisis manager is offered the administration',
    )
    const topBar = await textOf(page.locator('[data-testid="municipality-name"]'))
    assert(topBar.includes(expected.title), `top bar shows "${topBar}", expected ${expected.title}`)
    const names = await page.evaluate(() =>
      (window.__lagesbild?.map.queryRenderedFeatures({ layers: ['municipality:outline'] }) ?? []).map(
        (f) => f.properties.name,
      ),
    )
    assert(names.includes(expected.name), `municipality layer renders ${JSON.stringify([...new Set(names)])}`)
    const home = await page.evaluate(() =>
      (window.__lagesbild?.map.queryRenderedFeatures({ layers: ['basemap:land-home'] }) ?? []).map(
        (f) => f.properties.name,
      ),
    )
    assert(home.includes(expected.name), `basemap highlights ${JSON.stringify([...new Set(home)])}`)
    const boundaryPixels = await pixelsNear(page, '#15345a', 60)
    assert(boundaryPixels > 40, `only ${boundaryPixels} boundary-coloured pixels on the canvas`)
    const hash = await page.evaluate(() => window.location.hash)
    assert(/map=[\d.]+\/[\d.]+\/[\d.]+/.test(hash), `view not in the address: ${hash}`)
    await page.screenshot({ path: join(shots, `${prefix}-map-krisledare-1366.png`) })
  })

  if (!full) {
    await test(`[${prefix}] no Content-Security-Policy violations`, async () => {
      await collectCspViolations(page)
      assert(cspViolations.length === 0, `CSP violations:\n${cspViolations.join('\n')}`)
    })
    await test(`[${prefix}] no console errors`, async () => {
      assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
    })
    await page.context().close()
    return
  }

  await test(`[${prefix}] switching on Händelser draws incidents and shows the Begränsad badge`, async () => {
    const row = page.locator('li[data-layer="incidents"]')
    assert(
      (await textOf(row.locator('.badge'))).includes('Begränsad'),
      'incidents row lacks the Begränsad badge',
    )
    assert((await renderedCount(page, 'incidents')) === 0, 'incidents drawn before being switched on')
    const before = await canvasSample(page)
    await row.getByText('Händelser', { exact: true }).click()
    assert(await page.locator('#layer-toggle-incidents').isChecked(), 'switch not checked')
    await mapIdle(page)
    const count = await renderedCount(page, 'incidents')
    assert(count > 0, 'no incident features rendered')
    const changed = pixelDifference(before, await canvasSample(page))
    assert(changed > 50, `only ${changed} pixels changed`)
    assert(
      (await textOf(row.locator('.legend'))).includes('Brott'),
      'legend lacks the Swedish category group',
    )
    assert(
      (await page.evaluate(() => window.location.hash)).includes('incidents'),
      'visible layers not in the address',
    )
  })

  await test(`[${prefix}] switching on Seveso och drivmedel draws hazard sites`, async () => {
    await page.locator('li[data-layer="hazard-sites"]').getByText('Seveso och drivmedel').click()
    await mapIdle(page)
    assert((await renderedCount(page, 'hazard-sites')) > 0, 'no hazard sites rendered')
  })

  await test(`[${prefix}] an export of too many objects asks, in Swedish, for a smaller view`, async () => {
    const refusal = { status: /400/, url: /\/api\/layers\/incidents\/export\?/ }
    expectedRefusals.push(refusal)
    try {
      const details = page.locator('li[data-layer="incidents"] details.layer-export')
      await details.locator('summary').click()
      await details.getByRole('button', { name: 'Exportera Händelser som CSV' }).click()
      const error = details.locator('[role="alert"]')
      await error.waitFor({ timeout: 60_000 })
      const text = await textOf(error)
      assert(/Zooma in/.test(text), `too large an export says "${text}"`)
      await details.locator('summary').click()
    } finally {
      // Note: the console reports the refusal a moment after the page shows it.
      await page.waitForTimeout(300)
      expectedRefusals.splice(expectedRefusals.indexOf(refusal), 1)
    }
  })

  await test(`[${prefix}] clicking an aggregated incident cell zooms in`, async () => {
    // A cell under no other symbol, so the click lands on the cell itself.
    const cell = await page.evaluate(() => {
      const map = window.__lagesbild?.map
      if (!map) return null
      const features = map.queryRenderedFeatures({ layers: ['incidents:clusters'] })
      const sorted = [...features].sort((a, b) => Number(b.properties.count) - Number(a.properties.count))
      for (const f of sorted) {
        if (f.geometry.type !== 'Point') continue
        const p = map.project(f.geometry.coordinates as [number, number])
        const [top] = map.queryRenderedFeatures([
          [p.x - 8, p.y - 8],
          [p.x + 8, p.y + 8],
        ])
        if (top && top.source === 'incidents') return f.geometry.coordinates as [number, number]
      }
      return null
    })
    assert(cell, 'no aggregated cell rendered')
    const zoomBefore = await page.evaluate(() => window.__lagesbild?.map.getZoom() ?? 0)
    await clickOnMap(page, cell)
    await page.waitForTimeout(900)
    await mapIdle(page)
    const zoomAfter = await page.evaluate(() => window.__lagesbild?.map.getZoom() ?? 0)
    assert(zoomAfter > zoomBefore + 0.5, `zoom went from ${zoomBefore} to ${zoomAfter}`)
  })

  await test(`[${prefix}] a layer exports the part in view, its marking shown before the download`, async () => {
    const details = page.locator('li[data-layer="incidents"] details.layer-export')
    await details.locator('summary').click()
    const marking = await textOf(details.locator('[data-testid="export-marking"]'))
    assert(
      marking.includes('Begränsad') && marking.includes('Märks BEGRÄNSAD'),
      `incidents export marking reads "${marking}"`,
    )
    const view = await page.evaluate(() => window.__lagesbild?.controller.visibleBBox() ?? null)
    assert(view, 'no map view')
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      details.getByRole('button', { name: 'Exportera Händelser som GeoJSON' }).click(),
    ])
    assert(
      /^incidents-restricted-.*\.geojson$/.test(download.suggestedFilename()),
      download.suggestedFilename(),
    )
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      marking: string
      classification: string
      exportedBy: string
      features: { geometry: { coordinates: [number, number] } }[]
    }
    assert(
      file.marking === 'BEGRÄNSAD' &&
        file.classification === 'restricted' &&
        file.exportedBy === 'krisledare',
      `export marked ${file.marking}/${file.classification} by ${file.exportedBy}`,
    )
    assert(file.features.length > 0, 'the export holds no incidents')
    const [w, s, e, n] = view
    const outside = file.features.filter(
      ({
        geometry: {
          coordinates: [x, y],
        },
      }) => x < w || x > e || y < s || y > n,
    )
    assert(outside.length === 0, `${outside.length} exported incidents lie outside the view`)
    await details.getByText('Nedladdad, märkt BEGRÄNSAD').waitFor({ timeout: 5000 })
    await details.locator('summary').click()
  })

  await test(`[${prefix}] clicking a critical asset shows its attributes in Swedish`, async () => {
    const collection = await getJson<{
      features: {
        id: string
        geometry: { coordinates: [number, number] }
        properties: Record<string, unknown>
      }[]
    }>(page, `${base}/api/layers/critical-assets/features?limit=200`)
    const asset = collection.features.find(
      (f) => f.properties.acceptableOutageHours != null && f.properties.styrelClass != null,
    )
    assert(asset, 'no critical asset with an acceptable outage time')
    // Actors may sit on the same spot as the asset they own; hide them so the click finds the asset.
    await page.locator('li[data-layer="actors"]').getByText('Aktörer', { exact: true }).click()
    await jumpTo(page, asset.geometry.coordinates, 17)
    await clickOnMap(page, asset.geometry.coordinates)
    const panel = page.locator('.feature-panel')
    await panel.locator('.attributes').waitFor({ timeout: 15_000 })
    const heading = await textOf(panel.locator('h2'))
    const labels = await panel.locator('dt').allInnerTexts()
    for (const label of ['Sektor', 'Styrelklass', 'Acceptabel avbrottstid']) {
      assert(
        labels.includes(label),
        `attribute panel lacks "${label}" (has ${labels.join(', ')}; heading ${heading})`,
      )
    }
    const styrel = await textOf(panel.locator('[data-key="styrelClass"] dd'))
    // Note: no-break spaces and a word joiner hold the class, the dash and the meaning together.
    assert(/^\d[\s\u00a0]–\u2060?[\s\u00a0]\S/.test(styrel), `Styrel class without its meaning: ${styrel}`)
    assert(
      heading === asset.properties.name,
      `panel heading "${heading}" is not the clicked asset ${String(asset.properties.name)}`,
    )
    await page.screenshot({ path: join(shots, `${prefix}-feature-1366.png`) })
    await page.locator('li[data-layer="actors"]').getByText('Aktörer', { exact: true }).click()
  })

  await test(`[${prefix}] an actor shows contacts with callable numbers`, async () => {
    const collection = await getJson<{
      features: {
        id: string
        geometry: { coordinates: [number, number] }
        properties: Record<string, unknown>
      }[]
    }>(page, `${base}/api/layers/actors/features?limit=200`)
    const actor = collection.features.find((f) => f.properties.onCall)
    assert(actor, 'no actor with an on-call function')
    await jumpTo(page, actor.geometry.coordinates, 17.5)
    await clickOnMap(page, actor.geometry.coordinates)
    await page.locator('.feature-panel .attributes').waitFor({ timeout: 15_000 })
    await page.locator('.feature-panel [data-key="onCall"]').waitFor({ timeout: 10_000 })
    const href = await page
      .locator('.feature-panel [data-key="onCall"] a[href^="tel:"]')
      .first()
      .getAttribute('href')
    assert(href && /^tel:\+?\d+$/.test(href), `on-call number not callable: ${href}`)
  })

  await test(`[${prefix}] search flies to a hit and opens it`, async () => {
    // Note: a pointer resting where the hit list opens would pick the option under it on Enter.
    await page.mouse.move(4, 760)
    const input = page.getByRole('combobox', { name: 'Sök i kartan' })
    await input.fill('Vattenverk')
    await page.locator('[role="option"]').first().waitFor({ timeout: 15_000 })
    const name = await textOf(page.locator('[role="option"] .hit-name').first())
    await input.press('Enter')
    await page.locator('.feature-panel h2', { hasText: name }).waitFor({ timeout: 15_000 })
    await page.waitForTimeout(1200)
    await mapIdle(page)
  })

  await test(`[${prefix}] status bar shows WGS 84 and SWEREF 99 TM`, async () => {
    const box = await page.locator('#map').boundingBox()
    assert(box, 'no map box')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5)
    await page.locator('[data-testid="sweref"]').waitFor({ timeout: 5000 })
    const wgs = await textOf(page.locator('[data-testid="wgs84"]'))
    const sweref = (await textOf(page.locator('[data-testid="sweref"]'))).replace(/\s/g, ' ')
    assert(/^5\d,\d{5}° N, 1\d,\d{5}° Ö$/.test(wgs), `WGS 84 reads "${wgs}"`)
    assert(/^N 6 \d{3} \d{3} +E [4-7]\d{2} \d{3}$/.test(sweref), `SWEREF 99 TM reads "${sweref}"`)
  })

  await test(`[${prefix}] the address restores the view and the layers`, async () => {
    const hash = await page.evaluate(() => window.location.hash)
    await page.reload({ waitUntil: 'domcontentloaded' })
    await mapIdle(page)
    assert(await page.locator('#layer-toggle-incidents').isChecked(), `incidents not restored from ${hash}`)
    const zoom = await page.evaluate(() => window.__lagesbild?.map.getZoom() ?? 0)
    const expectedZoom = Number(/map=([\d.]+)/.exec(hash)?.[1])
    assert(Math.abs(zoom - expectedZoom) < 0.05, `zoom ${zoom}, address said ${expectedZoom}`)
    await page.locator('.feature-panel .attributes').waitFor({ timeout: 15_000 })
  })

  await test(`[${prefix}] switches to English and remembers it`, async () => {
    await page.locator('.language-switch label', { hasText: 'EN' }).click()
    await page.getByRole('heading', { name: 'Map layers' }).waitFor({ timeout: 5000 })
    const labels = await page.locator('.feature-panel dt').allInnerTexts()
    assert(
      labels.length > 0 && !labels.includes('Kategori'),
      `attribute labels still Swedish: ${labels.join(', ')}`,
    )
    assert(
      (await textOf(page.locator('li[data-layer="incidents"] .badge'))).includes('Restricted'),
      'badge not translated',
    )
    await page.screenshot({ path: join(shots, `${prefix}-english-1366.png`) })
    await page.reload({ waitUntil: 'domcontentloaded' })
    await page.getByRole('heading', { name: 'Map layers' }).waitFor({ timeout: 15_000 })
    await page.locator('.language-switch label', { hasText: 'SV' }).click()
    await page.getByRole('heading', { name: 'Kartlager' }).waitFor({ timeout: 5000 })
  })

  await test(`[${prefix}] looks right on a 1920×1080 projector`, async () => {
    const big = await newPage(browser, 1920, 1080, errors)
    await signInContext(big.context(), base, 'krisledare')
    await big.goto(
      `${base}/#layers=municipality,districts,actors,critical-assets,flood-zones,hazardous-goods-routes,rsa-risks,incidents`,
      {
        waitUntil: 'domcontentloaded',
      },
    )
    await mapIdle(big)
    assert((await renderedCount(big, 'rsa-risks')) > 0, 'no RSA risks rendered')
    await big.screenshot({ path: join(shots, `${prefix}-overview-1920.png`) })
    // The town centre: where the critical assets are densest.
    const assets = await getJson<{ features: { geometry: { coordinates: [number, number] } }[] }>(
      big,
      `${base}/api/layers/critical-assets/features?limit=500`,
    )
    const lons = assets.features.map((f) => f.geometry.coordinates[0]).sort((a, b) => a - b)
    const lats = assets.features.map((f) => f.geometry.coordinates[1]).sort((a, b) => a - b)
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]
    await jumpTo(big, [median(lons), median(lats)], 13)
    await big.screenshot({ path: join(shots, `${prefix}-town-1920.png`) })
    await big.goto('about:blank')
    await big.goto(`${base}/#layers=municipality,districts,crime-statistics`, {
      waitUntil: 'domcontentloaded',
    })
    await mapIdle(big)
    await big.waitForTimeout(500)
    await big.screenshot({ path: join(shots, `${prefix}-crime-1920.png`) })
    await collectCspViolations(big)
    await big.context().close()
  })

  await test(`[${prefix}] a failed request shows a clear Swedish message`, async () => {
    const broken = await newPage(browser, 1366, 768, [])
    await signInContext(broken.context(), base, 'krisledare')
    await broken.route('**/api/config', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: '{"error":{"code":"internal","message":"boom"}}',
      }),
    )
    await broken.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await broken.getByText('Lägesbilden kunde inte hämtas').waitFor({ timeout: 10_000 })
    await broken.getByRole('button', { name: 'Försök igen' }).waitFor()
    await broken.screenshot({ path: join(shots, `${prefix}-error-1366.png`) })
    await broken.context().close()
  })

  await test(`[${prefix}] the map logs no errors and breaks no CSP`, async () => {
    await collectCspViolations(page)
    assert(cspViolations.length === 0, `CSP violations:\n${cspViolations.join('\n')}`)
    assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
  })
  await page.context().close()
}
