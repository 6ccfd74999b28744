/**
 * The crisis staff in the example session, two people in two browsers: the crisis manager (chair)
 * draws a polygon and logs a decision and the police officer (invited through the police
 * organisation) sees both appear; the police officer follows the chair's presented view; replay
 * shows the level, agenda step and log as they were, with every write disabled.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { HistoryEntry } from '../../common/crisis.ts'
import {
  assert,
  collectCspViolations,
  getJson,
  mapIdle,
  type SpecContext,
  shots,
  signInContext,
  test,
  textOf,
  watchConsole,
  watchCsp,
} from '../support.ts'

export async function crisisStaffSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const prefix = expected.kommun
  const contexts = await Promise.all(
    ['krisledare', 'polis'].map(async (username) => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'sv-SE' })
      await watchCsp(context)
      await signInContext(context, base, username)
      return context
    }),
  )
  const [chair, police] = await Promise.all(contexts.map((c) => c.newPage()))
  const errors: string[] = []
  watchConsole(chair, errors)
  watchConsole(police, errors)
  const { sessions } = await getJson<{ sessions: { id: string; title: string }[] }>(
    chair,
    `${base}/api/sessions`,
  )
  const session = sessions.find((s) => s.title.startsWith('Elavbrott'))
  assert(session, 'the example session is not listed')

  /** Polygons in a page's live annotation source: what that participant's map holds. */
  const polygons = (page: Page) =>
    page.evaluate(async () => {
      const source = window.__lagesbild?.map.getSource('crisis-live-annotations') as
        | { getData?: () => Promise<GeoJSON.GeoJSON> }
        | undefined
      const data = (await source?.getData?.()) as GeoJSON.FeatureCollection | undefined
      return (data?.features ?? []).filter((f) => f.properties?.kind === 'polygon').length
    })
  const centreOf = (page: Page) =>
    page.evaluate(() => {
      const c = window.__lagesbild?.map.getCenter()
      return c ? [c.lng, c.lat] : [0, 0]
    })

  await test(`[${prefix}] two participants open the example crisis session`, async () => {
    for (const page of [chair, police]) {
      await page.goto(`${base}/#/sessions/${session.id}`)
      await page.locator('[data-testid="session-view"]').waitFor({ timeout: 30_000 })
      await page.locator('[data-testid="connection-status"].is-connected').waitFor({ timeout: 30_000 })
      await mapIdle(page)
    }
    assert((await polygons(chair)) > 0, 'the example session shows no polygon')
  })

  await test(`[${prefix}] the chair draws a polygon and the police officer sees it appear`, async () => {
    const before = await polygons(police)
    await chair.locator('[data-testid="drawing-toolbar"] [data-tool="polygon"]').click()
    const box = await chair.locator('.maplibregl-canvas').boundingBox()
    assert(box, 'no map canvas')
    const cx = box.x + box.width * 0.45
    const cy = box.y + box.height * 0.5
    const corners = [
      [cx - 90, cy - 70],
      [cx + 90, cy - 80],
      [cx + 100, cy + 70],
      [cx - 80, cy + 80],
    ]
    for (const [x, y] of corners) {
      await chair.mouse.move(x, y, { steps: 4 })
      await chair.mouse.click(x, y)
      await chair.waitForTimeout(250)
    }
    // Clicking the first corner again closes the ring (terra-draw's polygon mode).
    await chair.mouse.move(corners[0][0], corners[0][1], { steps: 4 })
    await chair.mouse.click(corners[0][0], corners[0][1])
    const deadline = Date.now() + 20_000
    while ((await polygons(police)) <= before) {
      assert(Date.now() < deadline, 'the police officer never saw the new polygon')
      await police.waitForTimeout(250)
    }
    assert((await polygons(police)) === before + 1, 'the police officer sees more than the one new polygon')
    await mapIdle(police)
    await chair.screenshot({ path: join(shots, `${prefix}-crisis-chair-drew-1366.png`) })
    await police.screenshot({ path: join(shots, `${prefix}-crisis-police-sees-1366.png`) })
  })

  await test(`[${prefix}] the chair logs a decision and the police officer sees it in the log`, async () => {
    const decision = `Utrym kvarteret runt fördelningsstationen (e2e ${Date.now()})`
    await chair.getByRole('tab', { name: /^Logg/ }).click()
    await police.getByRole('tab', { name: /^Logg/ }).click()
    await chair.locator('[data-testid="log-new"]').click()
    const composer = chair.locator('[data-testid="log-composer"]')
    await composer.locator('label.kind-chip', { hasText: 'Beslut' }).click()
    await composer.locator('textarea[name="text"]').fill(decision)
    await composer.getByLabel('Beslutsfattare').fill('Krisledningschef')
    await composer.locator('[data-testid="log-submit"]').click()
    const entry = police.locator('[data-testid="log-list"] li', { hasText: decision })
    await entry.waitFor({ timeout: 20_000 })
    const text = await entry.innerText()
    assert(text.includes('Beslut'), `the police officer's entry reads "${text}"`)
    await police.screenshot({ path: join(shots, `${prefix}-crisis-police-log-1366.png`) })
  })

  await test(`[${prefix}] a filtered log offers Rensa filter in full and every tab fits, at 1440 and 1280 pixels wide`, async () => {
    await police.getByLabel('Uppgiftsstatus').selectOption('unfinished')
    const clear = police.locator('[data-testid="log-filter-clear"]')
    for (const width of [1440, 1280]) {
      await police.setViewportSize({ width, height: 820 })
      await clear.waitFor({ timeout: 5000 })
      const fits = await clear.evaluate((button) => {
        const box = button.getBoundingClientRect()
        const panel = button.closest('.session-panel')?.getBoundingClientRect()
        return (
          button.scrollWidth <= button.clientWidth &&
          !!panel &&
          box.right <= panel.right &&
          box.left >= panel.left
        )
      })
      assert(fits, `Rensa filter is cut off at ${width} px`)
      const tabsFit = await police
        .locator('.session-tabs')
        .evaluate((tabs) =>
          [...tabs.querySelectorAll('button')].every(
            (tab) =>
              tab.scrollWidth <= tab.clientWidth + 1 &&
              tab.getBoundingClientRect().right <= tabs.getBoundingClientRect().right + 1,
          ),
        )
      assert(tabsFit, `a session tab is cut off at ${width} px`)
      assert((await textOf(clear)) === 'Rensa filter', `the button reads "${await textOf(clear)}"`)
    }
    await police.screenshot({ path: join(shots, `${prefix}-crisis-log-filtered-1280.png`) })
    await clear.click()
    await police.setViewportSize({ width: 1366, height: 820 })
  })

  await test(`[${prefix}] the police officer's view follows when the chair presents and pans`, async () => {
    await chair.getByRole('tab', { name: /^Deltagare/ }).click()
    await police.getByRole('tab', { name: /^Deltagare/ }).click()
    await chair.locator('[data-testid="present-button"]').click()
    await police.locator('[data-testid="presenter-line"]').waitFor({ timeout: 15_000 })
    const follow = police.getByLabel('Följ presentatörens vy')
    if (!(await follow.isChecked())) await follow.check()
    const start = await centreOf(police)
    await chair.evaluate(() => window.__lagesbild?.map.panBy([420, 260], { duration: 0 }))
    const target = await centreOf(chair)
    assert(Math.abs(target[0] - start[0]) > 1e-4, 'the chair did not pan')
    await police.waitForFunction(
      ([lng, lat]) => {
        const c = window.__lagesbild?.map.getCenter()
        return !!c && Math.abs(c.lng - lng) < 1e-4 && Math.abs(c.lat - lat) < 1e-4
      },
      target,
      { timeout: 20_000 },
    )
    await mapIdle(police)
    await chair.screenshot({ path: join(shots, `${prefix}-crisis-presenter-1366.png`) })
    await police.screenshot({ path: join(shots, `${prefix}-crisis-follower-1366.png`) })
  })

  await test(`[${prefix}] replay shows the level, agenda step and log as they were, with writes disabled`, async () => {
    // The chair raises the level now, so the live header differs from every moment of the replay
    // (a reused data directory may have it raised already).
    const { session: now } = await getJson<{ session: { escalationLevel: string } }>(
      chair,
      `${base}/api/sessions/${session.id}`,
    )
    if (now.escalationLevel !== 'extraordinary') {
      const raised = await chair.context().request.patch(`${base}/api/sessions/${session.id}`, {
        data: {
          escalationLevel: 'extraordinary',
          escalationReason: `e2e ${Date.now()}`,
          decidedBy: 'Krisledningschef',
        },
      })
      assert(raised.ok(), `raising the level answered ${raised.status()}`)
    }
    const header = chair.locator('.session-header')
    const level = header.locator('[data-testid="escalation-badge"]')
    await level.filter({ hasText: 'Extraordinär händelse' }).waitFor({ timeout: 15_000 })
    assert(
      (await chair.locator('[data-testid="change-level"]').count()) === 1,
      'the chair has no Ändra nivå live',
    )

    const { history } = await getJson<{ history: HistoryEntry[] }>(
      chair,
      `${base}/api/sessions/${session.id}/history`,
    )
    const ordered = [...history].sort((a, b) => a.seq - b.seq)
    const escalated = ordered.findIndex(
      (h) =>
        h.change.type === 'log' && h.change.entry.kind === 'escalation' && h.change.entry.to === 'serious',
    )
    assert(escalated >= 0, 'the example history has no escalation to serious')
    const step = escalated + 1
    const expectedLog = ordered.slice(0, step).filter((h) => h.change.type === 'log').length

    await chair.getByRole('tab', { name: 'Uppspelning' }).click()
    const replay = chair.locator('[data-testid="replay"]')
    await replay.waitFor({ timeout: 20_000 })
    const slider = replay.locator('input.replay-slider')
    // The replay opens on the latest picture: the thumb at the end, its label the last change's time.
    assert(
      (await slider.inputValue()) === String(ordered.length),
      `the thumb opens at ${await slider.inputValue()} of ${ordered.length}`,
    )
    const scale = await replay.locator('[data-testid="replay-scale"] span').allInnerTexts()
    const thumb = await textOf(replay.locator('[data-testid="replay-thumb-label"]'))
    assert(thumb === scale[2], `the thumb reads "${thumb}", the end "${scale[2]}"`)
    await level.filter({ hasText: 'Extraordinär händelse' }).waitFor({ timeout: 5000 })
    for (const write of ['change-level', 'change-status']) {
      assert(
        (await chair.locator(`[data-testid="${write}"]`).count()) === 0,
        `${write} is offered during replay`,
      )
    }
    assert(
      (await chair.locator('[data-testid="drawing-toolbar"] [data-tool="polygon"]').count()) === 0,
      'drawing is offered during replay',
    )

    await replay.getByRole('button', { name: 'Till början' }).click()
    await level.filter({ hasText: 'Störning' }).waitFor({ timeout: 5000 })
    const agenda = header.locator('[data-testid="agenda-step"]')
    assert(
      (await textOf(agenda)) === 'Inget möte pågår',
      `the agenda at the start reads "${await textOf(agenda)}"`,
    )
    assert((await replay.locator('.replay-log li').count()) === 0, 'the log at the start is not empty')

    await slider.fill(String(step))
    await level.filter({ hasText: 'Allvarlig händelse' }).waitFor({ timeout: 5000 })
    const agendaThen = await textOf(agenda)
    assert(agendaThen === 'Aktörernas lägesbilder', `the agenda at the escalation reads "${agendaThen}"`)
    const shown = await replay.locator('.replay-log li').count()
    assert(shown === expectedLog, `the log at step ${step} shows ${shown} entries, expected ${expectedLog}`)
    await mapIdle(chair)
    await chair.screenshot({ path: join(shots, `${prefix}-crisis-replay-1366.png`) })
    // Clicking on the map during replay draws nothing: the toolbar offers no drawing tool.
    assert((await chair.locator('.replay-banner').count()) === 1, 'no replay banner over the map')

    await chair.getByRole('tab', { name: /^Logg/ }).click()
    await level.filter({ hasText: 'Extraordinär händelse' }).waitFor({ timeout: 5000 })
    await chair.locator('[data-testid="change-level"]').waitFor({ timeout: 5000 })
  })

  await test(`[${prefix}] the crisis session logs no errors and breaks no CSP`, async () => {
    await collectCspViolations(chair)
    await collectCspViolations(police)
    assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
  })
  await Promise.all(contexts.map((c) => c.close()))
}
