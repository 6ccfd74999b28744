/**
 * The RSA register and incident reporting in the browser. As `analytiker`: fill in a risk placed on
 * the map, find it in the matrix (filtered by a protected value), add a measure, and print the RSA
 * (the downloaded PDF's text has the seven sections and the measure). As `lasare` on a phone-sized
 * window: report an incident, see it under "Mina rapporter"; the analyst makes `planerare`
 * responsible, and `planerare`, on a phone too, follows it through to closed, which the reporter
 * then sees. Screenshots in Swedish and English.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  assert,
  getJson,
  mapIdle,
  newPage,
  type SpecContext,
  shots,
  signIn,
  test,
  textOf,
} from '../support.ts'

async function switchLanguage(page: Page, lang: 'SV' | 'EN') {
  await page.locator('.language-switch label', { hasText: lang }).click()
}

async function municipalityPoint(page: Page, base: string): Promise<[number, number]> {
  const config = await getJson<{ center: [number, number] }>(page, `${base}/api/config`)
  return config.center
}

/** Clicks the map of the page at a WGS 84 position. */
async function tapMap(page: Page, lngLat: [number, number]) {
  const point = await page.evaluate((ll) => {
    const map = window.__lagesbild!.map
    map.jumpTo({ center: ll, zoom: 13 })
    const p = map.project(ll)
    const rect = map.getCanvas().getBoundingClientRect()
    return { x: rect.left + p.x, y: rect.top + p.y }
  }, lngLat)
  await page.mouse.click(point.x, point.y)
}

export async function rsaSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const prefix = expected.kommun
  const errors: string[] = []
  const title = `Skyfall vid resecentrum e2e ${Date.now().toString(36)}`

  const analyst = await newPage(browser, 1366, 860, errors)
  await test(`[${prefix}] an analyst fills in a risk, finds it in the matrix, adds a measure and prints the RSA`, async () => {
    await analyst.goto(`${base}/#/rsa`, { waitUntil: 'domcontentloaded' })
    await signIn(analyst, 'analytiker')
    await analyst.locator('[data-testid="rsa-view"]').waitFor()
    await mapIdle(analyst)
    const centre = await municipalityPoint(analyst, base)
    await analyst.locator('[data-testid="rsa-add-risk"]').click()
    await analyst.locator('[data-testid="risk-title"]').fill(title)
    await analyst.locator('[data-testid="risk-hazard"]').selectOption('cloudburst')
    await analyst.locator('[data-testid="risk-likelihood"]').selectOption('3')
    await analyst.locator('[data-testid="risk-consequence-life_health"]').selectOption('2')
    await analyst.locator('[data-testid="risk-consequence-society_functionality"]').selectOption('4')
    await tapMap(analyst, centre)
    assert((await textOf(analyst.locator('[data-testid="risk-place"]'))).includes('N'), 'no place chosen')
    const preview = await textOf(analyst.locator('[data-testid="risk-score-preview"]'))
    assert(preview.includes('12'), `score preview reads "${preview}"`)
    await analyst.screenshot({ path: join(shots, `${prefix}-rsa-new-risk-sv-1366.png`) })
    await analyst.locator('[data-testid="risk-save"]').click()
    await analyst.locator('[data-testid="rsa-risk-detail"]').waitFor()
    // The measure.
    await analyst.locator('[data-testid="measure-title"]').fill('Skyfallsplan för resecentrum')
    await analyst.locator('[data-testid="measure-owner"]').fill('Tekniska förvaltningen')
    await analyst.locator('[data-testid="measure-deadline"]').fill('2027-06-30')
    await analyst.locator('[data-testid="measure-save"]').click()
    await analyst
      .locator('[data-testid="rsa-measures"] li', { hasText: 'Skyfallsplan för resecentrum' })
      .waitFor()
    await analyst.getByRole('button', { name: 'Tillbaka till matrisen' }).click()
    // The matrix: the worst consequence places it at 3 × 4; life and health at 3 × 2.
    await analyst.locator('[data-testid="risk-cell-3-4"]').click()
    await analyst.locator('[data-testid="rsa-cell-risks"]', { hasText: title }).waitFor()
    await mapIdle(analyst)
    await analyst.screenshot({ path: join(shots, `${prefix}-rsa-matrix-sv-1366.png`) })
    await analyst.locator('[data-testid="rsa-protected-value"]').selectOption('life_health')
    await analyst.locator('[data-testid="risk-cell-3-2"]').click()
    await analyst.locator('[data-testid="rsa-cell-risks"]', { hasText: title }).waitFor()
    await switchLanguage(analyst, 'EN')
    await analyst.locator('h1', { hasText: 'Risk and vulnerability analysis' }).waitFor()
    await mapIdle(analyst)
    await analyst.screenshot({ path: join(shots, `${prefix}-rsa-matrix-en-1366.png`) })
    // Print: the English report, downloaded and read back.
    const [download] = await Promise.all([
      analyst.waitForEvent('download'),
      analyst.locator('[data-testid="rsa-print"]').click(),
    ])
    const path = await download.path()
    assert(readFileSync(path).subarray(0, 5).toString() === '%PDF-', 'the download is no PDF')
    const all = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '3',
      path,
      join(shots, `${prefix}-rsa-report-en`),
    ])
    for (const section of [
      '1. The municipality and its area',
      '2. Process and method',
      '3. Critical activities',
      '4. Critical dependencies',
      '5. Identified and analysed risks',
      '6. Vulnerabilities and gaps in capability',
      '7. Need for measures',
    ])
      assert(all.includes(section), `the PDF lacks "${section}"`)
    assert(all.includes('Skyfallsplan för resecentrum'), 'the PDF lacks the measure')
    assert(all.includes(title.slice(0, 20)), 'the PDF lacks the risk')
    assert(all.includes('RESTRICTED') || all.includes('INTERNAL'), 'the PDF lacks its marking')
    await switchLanguage(analyst, 'SV')
  })

  // Incident reporting on a phone: the viewer reports, the planner is made responsible and closes it.
  const reporter = await newPage(browser, 360, 740, errors)
  let reportUrl = ''
  await test(`[${prefix}] an employee reports an incident from a phone and sees it under Mina rapporter`, async () => {
    await reporter.goto(`${base}/#/incidents/new`, { waitUntil: 'domcontentloaded' })
    await signIn(reporter, 'lasare')
    await reporter.locator('[data-testid="incident-form"]').waitFor()
    await mapIdle(reporter)
    const width = await reporter.evaluate(() => document.documentElement.scrollWidth)
    assert(width <= 360, `the form is ${width} px wide on a 360 px phone`)
    await reporter.locator('[data-testid="incident-category"]').selectOption('water_damage')
    await reporter
      .locator('[data-testid="incident-description"]')
      .fill('Vattenläcka i källaren, golvet står under vatten')
    await reporter.locator('[data-testid="incident-injured-no"]').check({ force: true })
    await reporter.locator('[data-testid="incident-place-search"]').fill(expected.name.slice(0, 5))
    await reporter.locator('.place-hits button').first().click()
    const place = await textOf(reporter.locator('[data-testid="incident-place"]'))
    assert(place.length > 2, 'no place chosen from the search')
    await reporter.screenshot({ path: join(shots, `${prefix}-incident-form-sv-360.png`), fullPage: true })
    await reporter.locator('[data-testid="incident-submit"]').click()
    await reporter.locator('[data-testid="incident-view"]').waitFor()
    reportUrl = reporter.url().replace(/\?sent=1$/, '')
    const status = await textOf(reporter.locator('[data-testid="incident-status"] [aria-current="step"]'))
    assert(status === 'Mottagen', `a new report stands at "${status}"`)
    await reporter.goto(`${base}/#/incidents`)
    await reporter.locator('[data-testid="incident-card"]', { hasText: 'Vattenskada' }).first().waitFor()
    await reporter.screenshot({ path: join(shots, `${prefix}-incident-mine-sv-360.png`) })
  })

  await test(`[${prefix}] the analyst makes the planner responsible, who takes the report to closed`, async () => {
    const id = reportUrl.split('/').pop()!
    await analyst.goto(`${base}/#/incidents/${id}`)
    await analyst.locator('[data-testid="incident-view"]').waitFor()
    const people = await getJson<{ people: { id: string; role: string }[] }>(
      analyst,
      `${base}/api/incident-reports/assignees`,
    )
    const planner = people.people.find((p) => p.role === 'planner')!
    await analyst.locator('[data-testid="incident-assign"]').selectOption(planner.id)
    await analyst.locator('[data-testid="incident-move-investigating"]').waitFor()
    await analyst.locator('[data-testid="incident-link-risk"]').selectOption({ index: 1 })
    await analyst.locator('[data-testid="incident-move-investigating"]').click()
    await analyst
      .locator('[data-testid="incident-status"] [aria-current="step"]', { hasText: 'Utreds' })
      .waitFor()

    const planner360 = await newPage(browser, 360, 740, errors)
    await planner360.goto(`${base}/#/incidents`, { waitUntil: 'domcontentloaded' })
    await signIn(planner360, 'planerare')
    await planner360.locator('[data-testid="incident-scope-assigned"]').click()
    await planner360.locator('[data-testid="incident-card"]', { hasText: 'Vattenskada' }).first().click()
    await planner360.locator('[data-testid="incident-move-measures_decided"]').click()
    await planner360.locator('[data-testid="incident-comment"]').fill('Rören bytta, golvet torkat')
    await planner360.getByRole('button', { name: 'Lägg till kommentar' }).click()
    await planner360.locator('[data-testid="incident-history"] li', { hasText: 'Rören bytta' }).waitFor()
    await planner360.locator('[data-testid="incident-move-closed"]').click()
    await planner360
      .locator('[data-testid="incident-status"] [aria-current="step"]', { hasText: 'Avslutad' })
      .waitFor()
    await planner360.screenshot({ path: join(shots, `${prefix}-incident-closed-sv-360.png`), fullPage: true })
    await switchLanguage(planner360, 'EN')
    await planner360
      .locator('[data-testid="incident-status"] [aria-current="step"]', { hasText: 'Closed' })
      .waitFor()
    await planner360.screenshot({ path: join(shots, `${prefix}-incident-closed-en-360.png`), fullPage: true })
    await planner360.context().close()

    await reporter.goto(reportUrl)
    await reporter
      .locator('[data-testid="incident-status"] [aria-current="step"]', { hasText: 'Avslutad' })
      .waitFor()
    const history = await textOf(reporter.locator('[data-testid="incident-history"]'))
    for (const step of ['Rapporterad', 'Utreds', 'Åtgärder beslutade', 'Avslutad', 'Rören bytta'])
      assert(history.includes(step), `the reporter's history lacks "${step}"`)
  })

  await test(`[${prefix}] the RSA and incident pages log no errors`, async () => {
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`)
  })
  await analyst.context().close()
  await reporter.context().close()
}
