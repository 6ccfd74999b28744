/**
 * The action plan and the council's report (`#/council?tab=plan`): as `analytiker` in Swedish, add a
 * measure on a district with assaults as its indicator through the form, find it in the plan at a
 * glance, open its follow-up chart, set it going, delete it again; download the lägesbild and its
 * open version through the page's links and read the law's four parts in them. As `polis` in
 * English the same page and report speak English. As `lasare` the plan shows without the form, and
 * the follow-up's counts are the disclosure control's.
 *
 * Screenshots: `plan-<user>-<lang>-<view>-1366.png`.
 */
import type { MeasureFollowUp } from '../../common/action-plan.ts'
import { readPdf } from '../../server/reports/pdf-text.ts'
import {
  assert,
  collectCspViolations,
  cspViolations,
  getJson,
  newPage,
  type SpecContext,
  shot,
  signIn,
  test,
  textOf,
} from '../support.ts'

interface Plan {
  measures: { id: string; title: string; status: string }[]
  summary: Record<string, number>
}

export async function actionPlanSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const prefix = expected.kommun
  const errors: string[] = []
  const page = await newPage(browser, 1366, 768, errors)
  const title = `Trygghetsvandringar e2e ${Date.now()}`

  await test(`[${prefix}] analytiker adds a measure to the action plan and follows it up (sv)`, async () => {
    await page.goto(`${base}/#/council?tab=plan`, { waitUntil: 'domcontentloaded' })
    await signIn(page, 'analytiker')
    await page.locator('[data-testid="plan-list"] li').first().waitFor({ timeout: 30_000 })
    const before = await getJson<Plan>(page, `${base}/api/action-plan/measures`)
    await shot(page, 'plan-analytiker-sv-list')

    await page.locator('[data-testid="plan-new"]').click()
    const form = page.locator('[data-testid="plan-form"]')
    await form.getByLabel('Åtgärd', { exact: true }).fill(title)
    await form.getByLabel('Problem som åtgärden svarar mot').fill('Misshandel nattetid kring torget')
    await form.getByLabel('Start').fill('2025-05-01')
    await form.locator('[data-testid="plan-district"]').selectOption({ index: 1 })
    await form.locator('label').filter({ hasText: 'Misshandel' }).locator('input').check()
    await shot(page, 'plan-analytiker-sv-form')
    await page.locator('[data-testid="plan-save"]').click()

    await page.locator('[data-testid="plan-detail"]').filter({ hasText: title }).waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="plan-follow-up-chart"]').waitFor({ timeout: 30_000 })
    const after = await getJson<Plan>(page, `${base}/api/action-plan/measures`)
    assert(after.measures.length === before.measures.length + 1, 'the plan has one measure more')
    const created = after.measures.find((m) => m.title === title)
    assert(created, 'the new measure is in the plan')
    const summary = (await textOf(page.locator('[data-testid="plan-summary"]'))).replace(/\s+/g, ' ')
    assert(
      summary.includes(`Planerad ${after.summary.planned}`),
      `the summary counts the planned: ${summary}`,
    )
    const followUp = await getJson<MeasureFollowUp>(
      page,
      `${base}/api/action-plan/measures/${created.id}/follow-up`,
    )
    const incidents = followUp.indicators[0]
    assert(
      incidents?.kind === 'incidents' && incidents.disclosureControl === 'none',
      'exact counts for the analyst',
    )
    await page.locator('[data-testid="plan-follow-up-chart"]').scrollIntoViewIfNeeded()
    await shot(page, 'plan-analytiker-sv-follow-up')

    await page.locator('[data-testid="plan-status"]').selectOption('ongoing')
    for (let i = 0; i < 50; i++) {
      const now = await getJson<Plan>(page, `${base}/api/action-plan/measures`)
      if (now.measures.find((m) => m.id === created.id)?.status === 'ongoing') break
      await page.waitForTimeout(100)
    }
    const changed = await getJson<Plan>(page, `${base}/api/action-plan/measures`)
    assert(changed.measures.find((m) => m.id === created.id)?.status === 'ongoing', 'the status was changed')

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Ta bort' }).click()
    for (let i = 0; i < 50; i++) {
      const now = await getJson<Plan>(page, `${base}/api/action-plan/measures`)
      if (!now.measures.some((m) => m.id === created.id)) break
      await page.waitForTimeout(100)
    }
    const gone = await getJson<Plan>(page, `${base}/api/action-plan/measures`)
    assert(!gone.measures.some((m) => m.id === created.id), 'the measure was deleted')
  })

  await test(`[${prefix}] analytiker downloads the lägesbild and its open version (sv)`, async () => {
    for (const [name, parts] of [
      [
        'Lägesbild (PDF)',
        ['1 Kartläggning', '2 Övrig relevant information', '3 Analys', '4 Åtgärdsplan och uppföljning'],
      ],
      ['Öppen version (PDF)', ['Öppen version', 'Åtgärdsplanen redovisas i den interna versionen.']],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name }).click(),
      ])
      const path = await download.path()
      assert(path, `${name} was saved`)
      const { readFileSync } = await import('node:fs')
      const text = readPdf(new Uint8Array(readFileSync(path))).text.join('\n')
      for (const part of parts) assert(text.includes(part), `${name} says ${part}`)
    }
  })
  await collectCspViolations(page)
  assert(errors.length === 0, `no console errors: ${errors.join('; ')}`)
  await page.context().close()

  const polis = await newPage(browser, 1366, 768, [])
  await test(`[${prefix}] polis reads the action plan in English`, async () => {
    await polis.goto(`${base}/#/council?tab=plan`, { waitUntil: 'domcontentloaded' })
    await signIn(polis, 'polis')
    await polis.locator('.language-switch input[value="en"]').check({ force: true })
    await polis.locator('[data-testid="plan-list"] button').first().click()
    await polis.locator('[data-testid="plan-follow-up-chart"]').waitFor({ timeout: 30_000 })
    const detail = await textOf(polis.locator('[data-testid="plan-detail"]'))
    assert(
      detail.includes('Follow-up') && detail.includes('Rest of the municipality'),
      `English follow-up: ${detail.slice(0, 200)}`,
    )
    await shot(polis, 'plan-polis-en-follow-up')
  })
  await polis.context().close()

  const viewer = await newPage(browser, 1366, 768, [])
  await test(`[${prefix}] lasare sees the plan without the form, and only published counts`, async () => {
    await viewer.goto(`${base}/#/council?tab=plan`, { waitUntil: 'domcontentloaded' })
    await signIn(viewer, 'lasare')
    await viewer.locator('[data-testid="plan-list"] li').first().waitFor({ timeout: 30_000 })
    assert((await viewer.locator('[data-testid="plan-new"]').count()) === 0, 'no form for the viewer')
    await viewer.locator('[data-testid="plan-list"] button').first().click()
    await viewer.locator('[data-testid="plan-detail"]').waitFor({ timeout: 30_000 })
    const plan = await getJson<Plan>(viewer, `${base}/api/action-plan/measures`)
    for (const m of plan.measures) {
      const f = await getJson<MeasureFollowUp>(viewer, `${base}/api/action-plan/measures/${m.id}/follow-up`)
      for (const i of f.indicators)
        if (i.kind === 'incidents') {
          assert(i.disclosureControl === 'cell-key', 'published counts only')
          for (const p of i.series)
            for (const n of [p.inside, p.rest])
              assert(n === null || n === 0 || n >= 5, `no small count (${n}) in ${m.title}`)
        }
    }
    await shot(viewer, 'plan-lasare-sv-plan')
  })
  await viewer.context().close()
  assert(cspViolations.length === 0, `no CSP violations: ${cspViolations.join('; ')}`)
}
