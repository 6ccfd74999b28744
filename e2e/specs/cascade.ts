/**
 * The cascade as the crisis manager (krisledare) uses it: pick a substation by search, run it out
 * for 12 hours, play the timeline on the map, read the table, compare one more backup hour on the
 * asset whose backup runs out first, export CSV, in Swedish and English; and the viewer (lasare),
 * who gets no cascade by any route and sees no restricted asset or dependency.
 */
import { join } from 'node:path'
import {
  assert,
  mapIdle,
  newPage,
  type SpecContext,
  shots,
  signIn,
  signInContext,
  test,
  textOf,
} from '../support.ts'

export async function cascadeSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const errors: string[] = []
  const page = await newPage(browser, 1600, 900, errors)
  const prefix = expected.kommun

  await test(`[${prefix}] krisledare runs a substation out for 12 hours`, async () => {
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await signIn(page, 'krisledare')
    await mapIdle(page)
    await page.locator('[data-testid="cascade-open"]').click()
    const panel = page.locator('.cascade-panel')
    await panel.getByLabel('Sök samhällsviktig verksamhet').fill('Fördelningsstation')
    await panel.locator('.cascade-hits button').first().click()
    assert((await panel.locator('.cascade-picked li').count()) === 1, 'the substation is not picked')
    await panel.getByLabel('Varaktighet (h)').fill('12')
    await panel.getByLabel('Tidshorisont (h)').fill('72')
    await panel.getByRole('button', { name: 'Kör kaskaden' }).click()
    await panel.locator('.cascade-table tbody tr').nth(2).waitFor({ timeout: 30_000 })
    const rows = await panel.locator('.cascade-table tbody tr').count()
    assert(rows > 3, `only ${rows} rows in the cascade table`)
    const summary = await textOf(panel.locator('.cascade-summary'))
    assert(/\d+ verksamheter påverkas/.test(summary), `summary reads "${summary}"`)
    assert(
      (await panel.locator('.cascade-table a[href^="tel:"]').count()) > 0,
      'no on-call number as a tel: link',
    )
    assert(
      (await page.locator('#deckgl-overlay, canvas.deck-canvas, .deck-widget-container, canvas').count()) > 1,
      'no deck.gl canvas',
    )
  })

  await test(`[${prefix}] plays the timeline on the map`, async () => {
    const panel = page.locator('.cascade-panel')
    await panel.getByLabel('Tid i scenariot').fill('10')
    const clock = await textOf(panel.locator('.cascade-clock'))
    assert(clock.includes('10'), `clock shows "${clock}" at t = 10`)
    assert(
      (await panel.locator('.cascade-table tr.state-down, .cascade-table tr.state-exceeded').count()) > 0,
      'nothing down at 10 h',
    )
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(shots, `cascade-${prefix}-sv-t10.png`) })
    await panel.getByRole('button', { name: 'Spela upp förloppet' }).click()
    await page.waitForTimeout(1500)
    const later = await textOf(panel.locator('.cascade-clock'))
    assert(later !== clock, `the clock did not move while playing (${later})`)
  })

  await test(`[${prefix}] compares one more backup hour on the asset whose backup runs out first`, async () => {
    const panel = page.locator('.cascade-panel')
    const first = await textOf(panel.locator('.cascade-first'))
    assert(first.includes('Reserven tar slut först'), `no first backup named: "${first}"`)
    await panel.getByLabel('Fler timmar').fill('1')
    await panel.getByRole('button', { name: 'Jämför med åtgärd' }).click()
    await panel.locator('.cascade-saved').waitFor({ timeout: 30_000 })
    const saved = await textOf(panel.locator('.cascade-saved'))
    assert(/avbrottstimmar sparade/.test(saved), `compare reads "${saved}"`)
    assert(
      (await panel.locator('.cascade-table th', { hasText: 'Med åtgärd' }).count()) === 1,
      'no compare column',
    )
    await page.screenshot({ path: join(shots, `cascade-${prefix}-sv-compare.png`) })
    const download = page.waitForEvent('download')
    await panel.getByRole('button', { name: 'Exportera CSV' }).click()
    const file = await download
    assert(
      /^cascade-(open|internal|restricted)-.*\.csv$/.test(file.suggestedFilename()),
      `file ${file.suggestedFilename()}`,
    )
  })

  await test(`[${prefix}] the cascade panel in English`, async () => {
    await page.locator('.language-switch label', { hasText: 'EN' }).click()
    const panel = page.locator('.cascade-panel')
    await panel.getByRole('button', { name: 'Run the cascade' }).click()
    await panel.locator('.cascade-table tbody tr').nth(2).waitFor({ timeout: 30_000 })
    await panel.getByLabel('Time in the scenario').fill('8')
    const header = await textOf(panel.locator('.cascade-table thead'))
    assert(header.includes('Past acceptable at'), `English header reads "${header}"`)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(shots, `cascade-${prefix}-en-t8.png`) })
    await page.locator('.language-switch label', { hasText: 'SV' }).click()
  })

  await test(`[${prefix}] lasare gets no cascade by any route and no restricted asset or dependency`, async () => {
    const context = await browser.newContext()
    await signInContext(context, base, 'lasare')
    const post = (path: string, data: unknown) => context.request.post(`${base}${path}`, { data })
    const ids = (await (
      await context.request.get(`${base}/api/layers/critical-assets/features?limit=10000`)
    ).json()) as {
      features: { id: string; properties: { classification?: string } }[]
    }
    for (const assetId of [
      ids.features[0]?.id ?? '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000001',
    ]) {
      const run = await post('/api/analysis/cascade', { outages: [{ assetId, durationHours: 12 }] })
      assert(run.status() === 403, `cascade for lasare answered ${run.status()}`)
      const csv = await post('/api/analysis/cascade/export', { outages: [{ assetId, durationHours: 12 }] })
      assert(csv.status() === 403, `cascade export for lasare answered ${csv.status()}`)
    }
    assert(
      ids.features.every((f) => f.properties.classification !== 'restricted'),
      'lasare reads a restricted critical asset',
    )
    const deps = await context.request.get(`${base}/api/dependencies`)
    if (deps.ok()) {
      const body = (await deps.json()) as { dependencies: { classification?: string }[] }
      assert(
        body.dependencies.every((d) => d.classification !== 'restricted'),
        'lasare reads a restricted dependency',
      )
    }
    const viewer = await newPage(browser, 1366, 768, errors)
    await viewer.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await signIn(viewer, 'lasare')
    await mapIdle(viewer)
    assert(
      (await viewer.locator('[data-testid="cascade-open"]').count()) === 0,
      'lasare is offered the cascade',
    )
    await viewer.context().close()
    await context.close()
  })

  await page.context().close()
  await test(`[${prefix}] the cascade pages left no console error`, async () => {
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`)
  })
}
