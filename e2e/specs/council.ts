/**
 * The crime prevention council and the police (`#/council`): as `polis` in Swedish and as
 * `analytiker` in English, filter to assaults at night in the last year and check the count against
 * the API, read the weekday-by-hour chart and the trend, run a hotspot analysis and read its legend,
 * open the emerging-hotspot view, and set the safety survey beside reported crime. As `lasare`: the
 * counts are the disclosure control's (no count under the threshold anywhere on the page or in the
 * answers behind it), no incident point is reachable, and there is no hotspot tab.
 *
 * Screenshots: `council-<user>-<lang>-<view>-1366.png`.
 */
import type { Page } from 'playwright-core'
import type { IncidentCounts, SurveyComparison } from '../../common/council.ts'
import {
  assert,
  collectCspViolations,
  cspViolations,
  getJson,
  mapIdle,
  newPage,
  type SpecContext,
  shot,
  signIn,
  test,
  textOf,
} from '../support.ts'

const MINIMUM = 5

/** Waits until the page's count shows the answer to the filter now chosen. */
async function totalAfter(page: Page, before: string): Promise<string> {
  const total = page.locator('[data-testid="council-total"]')
  for (let i = 0; i < 100; i++) {
    const text = await textOf(total)
    if (text && text !== before) return text
    await page.waitForTimeout(100)
  }
  return textOf(total)
}

const digits = (text: string) => Number(text.replace(/\D/g, ''))

/** Chooses assaults at night in the last year through the controls, as a user would. */
async function filterAssaultsAtNight(page: Page, lang: 'sv' | 'en'): Promise<void> {
  let before = await totalAfter(page, '')
  await page.locator('[data-testid="council-group"]').selectOption('crime')
  before = await totalAfter(page, before)
  await page
    .locator('[data-testid="council-categories"] label')
    .filter({ hasText: lang === 'sv' ? 'Misshandel' : 'Assault' })
    .click()
  before = await totalAfter(page, before)
  await page.getByRole('button', { name: lang === 'sv' ? 'Senaste året' : 'Last year' }).click()
  before = await totalAfter(page, before)
  await page.locator('[data-testid="council-night"]').click()
  await totalAfter(page, before)
}

async function setLanguage(page: Page, lang: 'sv' | 'en'): Promise<void> {
  await page.locator(`.language-switch input[value="${lang}"]`).check({ force: true })
}

export async function councilSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const prefix = expected.kommun
  for (const [username, lang] of [
    ['polis', 'sv'],
    ['analytiker', 'en'],
  ] as const) {
    const errors: string[] = []
    const page = await newPage(browser, 1366, 768, errors)
    await test(`[${prefix}] ${username} filters to assaults at night in the last year (${lang})`, async () => {
      await page.goto(`${base}/#/council`, { waitUntil: 'domcontentloaded' })
      await signIn(page, username)
      await setLanguage(page, lang)
      await page.locator('[data-testid="council-page"]').waitFor({ timeout: 20_000 })
      await filterAssaultsAtNight(page, lang)
      const range = await textOf(page.locator('[data-testid="council-range"]'))
      const shown = digits(await textOf(page.locator('[data-testid="council-total"]')))
      // The same question through the API: the last twelve months of the record, assaults, 22–06.
      const record = await getJson<IncidentCounts>(page, `${base}/api/council/incidents`)
      const last = record.months[record.months.length - 1]!.month
      const first = record.months[Math.max(0, record.months.length - 12)]!.month
      const [y, m] = last.split('-').map(Number) as [number, number]
      const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
      const answer = await getJson<IncidentCounts>(
        page,
        `${base}/api/council/incidents?category=assault&from=${first}-01&to=${to}&hour=0,1,2,3,4,5,22,23`,
      )
      assert(answer.answered.disclosure === 'none', `${username} got ${answer.answered.disclosure} counts`)
      assert(shown === answer.total, `the page shows ${shown}, the API ${answer.total} (${range})`)
      assert(shown > 20, `only ${shown} assaults at night`)
      // Only night hours carry counts in the weekday-by-hour chart.
      const hours = new Set(answer.weekdayHours.map((c) => c.hour))
      assert(
        [...hours].every((h) => h >= 22 || h < 6),
        `day hours in the night filter: ${[...hours]}`,
      )
      const cells = page.locator('[data-testid="council-weekday-hour"] td[title]')
      assert((await cells.count()) === 7 * 24, 'the weekday-by-hour chart lacks cells')
      const trendLines = page.locator('[data-testid="council-trends"] .recharts-line-curve')
      await trendLines.first().waitFor({ timeout: 10_000 })
      assert((await trendLines.count()) === 2, 'the trend lacks the year before')
      await page.waitForFunction(() => window.__councilMap?.layer === 'district-counts', null, {
        timeout: 10_000,
      })
      await mapIdle(page)
      await shot(page, `council-${username}-${lang}-overview`)
      await page.locator('[data-testid="council-weekday-hour"]').scrollIntoViewIfNeeded()
      await shot(page, `council-${username}-${lang}-charts`)
      await page
        .locator('[data-testid="council-trends"]')
        .evaluate((el) => el.scrollIntoView({ block: 'end' }))
      await shot(page, `council-${username}-${lang}-trends`)
    })

    await test(`[${prefix}] ${username} runs a hotspot analysis and reads its legend (${lang})`, async () => {
      await page.getByRole('tab', { name: 'Hotspots' }).click()
      const selection = await textOf(page.locator('[data-testid="hotspot-selection"]'))
      assert(
        selection.includes(lang === 'sv' ? 'Misshandel' : 'Assault'),
        `the analysis is not of assaults: ${selection}`,
      )
      await page.locator('[data-testid="hotspot-run"]').click()
      await page.locator('[data-testid="hotspot-result"]').waitFor({ timeout: 60_000 })
      await page.waitForFunction(() => window.__councilMap?.layer === 'hotspots-giStar', null, {
        timeout: 10_000,
      })
      const legend = await textOf(page.locator('[data-testid="hotspot-legend"]'))
      for (const words of lang === 'sv'
        ? ['99 % säkerhet', '95 % säkerhet', '90 % säkerhet', 'Inte signifikant']
        : ['99 % confidence', '95 % confidence', '90 % confidence', 'Not significant'])
        assert(legend.includes(words), `the legend lacks "${words}": ${legend}`)
      assert(legend.includes('Gi*'), 'the legend does not say what Gi* means')
      const why = await textOf(page.locator('[data-testid="hotspot-explanation"]'))
      assert(why.length > 20, 'the defaults are not explained')
      const summary = await textOf(page.locator('[data-testid="hotspot-result"] p').first())
      assert(/[1-9]\d* (heta|hot)/.test(summary), `no hot spot found: ${summary}`)
      await mapIdle(page)
      await shot(page, `council-${username}-${lang}-hotspots`)
      await page.locator('input[name="hotspot-method"][value="localMoran"]').check({ force: true })
      await page.waitForFunction(() => window.__councilMap?.layer === 'hotspots-localMoran', null, {
        timeout: 10_000,
      })
      // Note: the legend follows the map a render later.
      await page
        .locator('[data-testid="hotspot-legend"]')
        .getByText(lang === 'sv' ? 'Högt bland höga (kluster)' : 'High among high (cluster)')
        .waitFor({ timeout: 10_000 })
      await shot(page, `council-${username}-${lang}-hotspots-moran`)
    })

    await test(`[${prefix}] ${username} sets the safety survey beside reported crime (${lang})`, async () => {
      await page.getByRole('tab', { name: lang === 'sv' ? 'Trygghet och brott' : 'Safety and crime' }).click()
      const table = page.locator('[data-testid="council-survey-table"] tbody tr')
      await table.first().waitFor({ timeout: 15_000 })
      const surveys = await getJson<SurveyComparison>(page, `${base}/api/council/surveys`)
      assert(surveys.years.length === 3, `survey years: ${surveys.years}`)
      const years = await page.locator('[data-testid="council-survey-year"] option').allTextContents()
      assert(years.join(',') === surveys.years.join(','), `the page offers the years ${years}`)
      assert((await table.count()) === surveys.districts.length, 'the table lacks districts')
      const flagged = surveys.districts.filter(
        (d) => d.years[String(surveys.years[2])]!.respondents < surveys.minimumRespondents,
      )
      assert(
        (await page.locator('[data-testid="council-survey-table"] tr.is-flagged').count()) === flagged.length,
        'districts with too few respondents are not flagged',
      )
      const disagreement = await textOf(page.locator('[data-testid="council-disagreements"] ul'))
      assert(disagreement.length > 0, 'no district named where insecurity and crime disagree')
      await page.waitForFunction(() => window.__councilMap?.layer === 'bivariate', null, { timeout: 10_000 })
      const legend = await textOf(page.locator('[data-testid="council-legend"]'))
      assert(legend.includes(lang === 'sv' ? 'otryggare' : 'more insecure'), `legend reads "${legend}"`)
      // The year before: a change column that says since when.
      await page.locator('[data-testid="council-survey-year"]').selectOption(String(surveys.years[1]))
      await page
        .getByText(lang === 'sv' ? `Sedan ${surveys.years[0]}` : `Since ${surveys.years[0]}`)
        .waitFor()
      await page.locator('[data-testid="council-survey-year"]').selectOption(String(surveys.years[2]))
      await mapIdle(page)
      await shot(page, `council-${username}-${lang}-surveys`)
    })
    await collectCspViolations(page)
    await test(`[${prefix}] ${username}'s council pages logged no errors`, async () => {
      assert(errors.length === 0, errors.join('\n'))
      assert(cspViolations.length === 0, cspViolations.join('\n'))
    })
    await page.context().close()
  }

  const errors: string[] = []
  const viewer = await newPage(browser, 1366, 768, errors)
  await test(`[${prefix}] the viewer sees only protected counts and no incident`, async () => {
    await viewer.goto(`${base}/#/council`, { waitUntil: 'domcontentloaded' })
    await signIn(viewer, 'lasare')
    await viewer.locator('[data-testid="council-page"]').waitFor({ timeout: 20_000 })
    await filterAssaultsAtNight(viewer, 'sv')
    const note = await textOf(viewer.locator('[data-testid="council-disclosure"]'))
    assert(note.includes('Skyddade antal'), `the viewer is not told the counts are protected: "${note}"`)
    assert(
      (await viewer.getByRole('tab', { name: 'Hotspots' }).count()) === 0,
      'the viewer is offered hotspot analysis',
    )
    // Every count the page drew from: published by the cell-key method, none under the threshold.
    const answers: IncidentCounts[] = []
    viewer.on('response', async (res) => {
      if (res.url().includes('/api/council/incidents')) answers.push((await res.json()) as IncidentCounts)
    })
    await viewer.getByRole('button', { name: 'Hela perioden' }).click()
    await viewer.waitForTimeout(1000)
    const direct = await getJson<IncidentCounts>(
      viewer,
      `${base}/api/council/incidents?category=assault&hour=23`,
    )
    for (const answer of [...answers, direct]) {
      assert(answer.answered.disclosure === 'cell-key', 'the viewer got true counts')
      for (const list of [answer.months, answer.weekdayHours, answer.districts, answer.categories])
        for (const cell of list)
          assert((cell.count ?? 0) >= MINIMUM, `a count of ${cell.count} reached the viewer`)
    }
    const shown = await viewer
      .locator('[data-testid="council-weekday-hour"] td[title]')
      .evaluateAll((cells) =>
        cells.map((c) => Number((c.getAttribute('title') ?? '').split(': ')[1]?.replace(/\D/g, '') || 'NaN')),
      )
    assert(
      shown.every((n) => Number.isNaN(n) || n >= MINIMUM),
      'the chart shows a count under the threshold',
    )
    for (const path of ['/api/layers/incidents/features?limit=1', '/api/council/incidents?category=mord']) {
      const res = await viewer.context().request.get(`${base}${path}`)
      assert([400, 403, 404].includes(res.status()), `${path} answers the viewer ${res.status()}`)
    }
    // Hotspots over the published twin: perturbed counts, none of one to four incidents.
    const hotspot = await viewer.context().request.post(`${base}/api/analysis/hotspots`, {
      data: { layer: 'incidents', category: 'assault' },
      headers: { Origin: base },
    })
    if (hotspot.status() === 200) {
      const answer = (await hotspot.json()) as {
        disclosure: { control: string } | null
        features: { properties: { value: number } }[]
      }
      assert(answer.disclosure?.control === 'cell-key', 'the viewer got hotspots of true counts')
      const small = answer.features.filter((f) => f.properties.value > 0 && f.properties.value < MINIMUM)
      assert(
        small.length === 0,
        `hotspot cells of ${small.map((f) => f.properties.value)} reached the viewer`,
      )
    } else assert([403, 404].includes(hotspot.status()), `hotspots answer the viewer ${hotspot.status()}`)
    await viewer.getByRole('tab', { name: 'Trygghet och brott' }).click()
    await viewer.locator('[data-testid="council-survey-table"] tbody tr').first().waitFor({ timeout: 15_000 })
    await mapIdle(viewer)
    await shot(viewer, 'council-lasare-sv-surveys')
  })
  await collectCspViolations(viewer)
  await test(`[${prefix}] the viewer's council pages logged no errors`, async () => {
    assert(errors.filter((e) => !/status of 40[034]/.test(e)).length === 0, errors.join('\n'))
  })
  await viewer.context().close()
}
