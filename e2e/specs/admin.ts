/**
 * The administrator and the viewer (läsare): the viewer sees generalised incident hexagons and may
 * export open layers only; the administrator creates a user, re-roles and disables it, finds it all
 * in the audit log and its export, and ends the viewer's sessions, which returns the viewer to the
 * sign-in page and, signed in again, to the same view.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  assert,
  collectCspViolations,
  cspViolations,
  launchBrowser,
  mapIdle,
  newPage,
  renderedCount,
  type SpecContext,
  shots,
  signIn,
  signInContext,
  test,
  textOf,
  watchConsole,
  watchCsp,
} from '../support.ts'

export async function adminSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const errors: string[] = []
  const prefix = expected.kommun

  const viewerErrors: string[] = []
  const viewer = await newPage(browser, 1366, 768, viewerErrors)
  await test(`[${prefix}] a viewer sees incident hexagons instead of incidents, and exports only open layers`, async () => {
    await viewer.goto(`${base}/#layers=municipality,districts,incident-hexagons`, {
      waitUntil: 'domcontentloaded',
    })
    await signIn(viewer, 'lasare')
    await mapIdle(viewer)
    const role = await textOf(viewer.locator('[data-testid="user-role"]'))
    assert(role === 'Läsare', `viewer's role reads "${role}"`)
    assert(
      (await viewer.locator('li[data-layer="incidents"]').count()) === 0,
      'the viewer is offered incidents',
    )
    const hexagons = viewer.locator('li[data-layer="incident-hexagons"]')
    assert((await hexagons.count()) === 1, 'the viewer lacks incident-hexagons')
    assert(
      (await textOf(hexagons.locator('.badge').first())).includes('Intern'),
      'hexagons lack the Intern badge',
    )
    assert((await renderedCount(viewer, 'incident-hexagons')) > 0, 'no hexagons rendered')
    assert((await textOf(hexagons.locator('.legend'))).includes('händelser'), 'hexagon legend missing')
    assert(
      (await hexagons.locator('details.layer-export').count()) === 0,
      'the viewer is offered the export of an internal layer',
    )
    const refused = await viewer.context().request.get(`${base}/api/layers/incidents/features?limit=1`)
    assert([403, 404].includes(refused.status()), `incidents answer the viewer ${refused.status()}`)
    const crime = viewer.locator('li[data-layer="crime-statistics"]')
    await crime.getByText('Anmälda brott per delområde', { exact: true }).click()
    await crime.locator('details.layer-export').waitFor({ timeout: 5000 })
    await mapIdle(viewer)
    await viewer.screenshot({ path: join(shots, `${prefix}-map-lasare-1366.png`) })
    await crime.getByText('Anmälda brott per delområde', { exact: true }).click()
  })

  const newUsername = `e2e-${Date.now().toString(36)}`
  const admin = await newPage(browser, 1366, 768, errors)
  await test(`[${prefix}] an administrator creates a user, gives it a new role and disables it`, async () => {
    await admin.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await signIn(admin, 'admin')
    await admin.getByRole('button', { name: 'Administration' }).click()
    await admin.locator('.admin-table').waitFor({ timeout: 15_000 })
    for (const demo of ['admin', 'krisledare', 'analytiker', 'polis', 'planerare', 'lasare']) {
      assert((await admin.locator(`tr[data-username="${demo}"]`).count()) === 1, `user list lacks ${demo}`)
    }
    const sessions = Number(
      await textOf(admin.locator('tr[data-username="lasare"] [data-column="sessions"]')),
    )
    assert(sessions >= 1, `lasare has ${sessions} live sessions listed`)

    await admin.getByRole('button', { name: 'Ny användare' }).click()
    const form = admin.locator('[data-testid="new-user-form"]')
    await form.locator('input[name="displayName"]').fill('Eva Testsson (e2e)')
    await form.locator('input[name="username"]').fill(newUsername)
    await form.locator('select[name="role"]').selectOption('viewer')
    await form.locator('select[name="organisation"]').selectOption({ index: 1 })
    await form.locator('input[name="password"]').fill('e2e-lösenord-123')
    await form.getByRole('button', { name: 'Skapa användare' }).click()
    const row = admin.locator(`tr[data-username="${newUsername}"]`)
    await row.waitFor({ timeout: 15_000 })
    await admin.getByText(`Användaren ${newUsername} är skapad.`).waitFor()
    assert((await textOf(row.locator('[data-column="role"]'))) === 'Läsare', 'new user is not a viewer')

    const edit = admin.locator('[data-testid="edit-user-form"]')
    await edit.locator('select[name="role"]').selectOption('planner')
    await edit.getByRole('button', { name: 'Spara ändringar' }).click()
    await edit.getByText('Ändringarna är sparade.').waitFor({ timeout: 10_000 })
    await row.locator('[data-column="role"]', { hasText: 'Planerare' }).waitFor({ timeout: 10_000 })

    const access = admin.locator('[data-testid="user-access"]')
    await access.getByRole('button', { name: 'Stäng av kontot' }).click()
    await access.getByText('Kontot är avstängt').waitFor({ timeout: 10_000 })
    await row.locator('[data-column="status"]', { hasText: 'Avstängd' }).waitFor({ timeout: 10_000 })
    await access.getByRole('button', { name: 'Aktivera kontot' }).waitFor()
    await admin.screenshot({ path: join(shots, `${prefix}-admin-users-1366.png`) })

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: newUsername, password: 'e2e-lösenord-123' }),
    })
    assert(login.status === 401, `the disabled user signs in with ${login.status}`)
  })

  await test(`[${prefix}] the audit log shows the creation, the new role and the disabling`, async () => {
    await admin.getByRole('tab', { name: 'Granskningslogg' }).click()
    await admin.locator('.audit-table').waitFor({ timeout: 15_000 })
    await admin.locator('select[name="entity"]').selectOption('users')
    await admin.locator('input[name="q"]').fill(newUsername)
    await admin.getByRole('button', { name: 'Filtrera' }).click()
    await admin.locator('[data-testid="audit-range"]', { hasText: /av 3$/ }).waitFor({ timeout: 15_000 })
    const rows = admin.locator('.audit-table tbody tr')
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))
    assert(
      JSON.stringify(actions) === JSON.stringify(['rights', 'rights', 'create']),
      `audit actions ${JSON.stringify(actions)}`,
    )
    const [disabling, reRole, creation] = await rows.allInnerTexts()
    // Between the two values sits "→" on screen and "Efter:" for screen readers.
    assert(/Avstängd:?\s*Nej\s*→[^\n]*\n?\s*(Efter:)?\s*Ja/.test(disabling), `disabling reads "${disabling}"`)
    assert(/Roll:?\s*Läsare\s*→[^\n]*\n?\s*(Efter:)?\s*Planerare/.test(reRole), `re-role reads "${reRole}"`)
    assert(creation.includes(newUsername) && creation.includes('Skapad'), `creation reads "${creation}"`)
    assert(disabling.includes('admin') && disabling.includes('Behörighet ändrad'), 'actor or action missing')
    await admin.screenshot({ path: join(shots, `${prefix}-audit-log-1366.png`) })

    const note = await textOf(admin.locator('[data-testid="audit-export-marking"]'))
    assert(note.includes('INTERN'), `audit export marking reads "${note}"`)
    const [download] = await Promise.all([
      admin.waitForEvent('download', { timeout: 30_000 }),
      admin.getByRole('button', { name: 'Exportera CSV' }).click(),
    ])
    const csv = readFileSync(await download.path(), 'utf8')
    assert(csv.startsWith('# INTERN (internal)'), `audit CSV starts "${csv.slice(0, 40)}"`)
    assert(
      csv.split('\n').filter((line) => line.includes(newUsername)).length === 3,
      'CSV lacks the 3 entries',
    )
  })

  await test(`[${prefix}] an ended session returns to the sign-in page, and signing in again restores the view`, async () => {
    await admin.getByRole('tab', { name: 'Användare' }).click()
    await admin.getByRole('button', { name: 'Hantera Lars Läsare (demo)' }).click()
    const access = admin.locator('[data-testid="user-access"]')
    await access.getByRole('button', { name: 'Avsluta alla sessioner' }).click()
    await access.getByText(/Sessioner avslutade: [1-9]/).waitFor({ timeout: 10_000 })
    await viewer.getByRole('combobox', { name: 'Sök i kartan' }).fill('Vatten')
    await viewer.getByRole('heading', { name: 'Logga in' }).waitFor({ timeout: 15_000 })
    const notice = await textOf(viewer.locator('.form-notice'))
    assert(notice.includes('Din session har upphört'), `ended session says "${notice}"`)
    await signIn(viewer, 'lasare')
    await mapIdle(viewer)
    assert(await viewer.locator('#layer-toggle-incident-hexagons').isChecked(), 'hexagons not restored')
    await collectCspViolations(viewer)
    await collectCspViolations(admin)
    await admin.context().close()
    await viewer.context().close()
  })

  await test(`[${prefix}] date fields follow the app's language, not the browser's (Chromium in en-US)`, async () => {
    const american = await launchBrowser(['--lang=en-US'])
    try {
      const context = await american.newContext({
        viewport: { width: 1366, height: 768 },
        timezoneId: 'Europe/Stockholm',
      })
      await watchCsp(context)
      await signInContext(context, base, 'admin')
      const page = await context.newPage()
      watchConsole(page, errors)
      await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
      assert(
        (await page.evaluate(() => navigator.language)) === 'en-US',
        'the browser does not run in American English',
      )
      await page.getByRole('button', { name: 'Administration' }).click()
      await page.getByRole('tab', { name: 'Granskningslogg' }).click()
      await page.locator('.audit-table').waitFor({ timeout: 15_000 })
      const from = page.locator('input[name="from"]')
      assert((await from.getAttribute('type')) === 'text', "the from field is the browser's own date input")
      const placeholder = await from.getAttribute('placeholder')
      assert(placeholder === 'ÅÅÅÅ-MM-DD TT:MM', `the from field asks for "${placeholder}"`)
      await from.fill('11/20/2026, 2:05 PM')
      assert((await from.getAttribute('aria-invalid')) === 'true', 'an American date is taken')
      await from.fill('2026-11-20 14:05')
      assert((await from.getAttribute('aria-invalid')) === null, "the app's own format is refused")
      await page.getByRole('button', { name: 'Filtrera' }).click()
      await page.locator('.audit-table').waitFor({ timeout: 15_000 })
      assert(
        (await from.inputValue()) === '2026-11-20 14:05',
        `the from field now reads "${await from.inputValue()}"`,
      )
      await page.screenshot({ path: join(shots, `${prefix}-audit-dates-en-US-1366.png`) })
      await collectCspViolations(page)
      await context.close()
    } finally {
      await american.close()
    }
  })

  await test(`[${prefix}] administration and the viewer log no errors and break no CSP`, async () => {
    assert(cspViolations.length === 0, `CSP violations:\n${cspViolations.join('\n')}`)
    // Note: the viewer's requests after its session was ended are refused (401) by design.
    const unexpected = viewerErrors.filter((e) => !/status of 401/.test(e))
    const all = [...errors, ...unexpected]
    assert(all.length === 0, `console errors:\n${all.join('\n')}`)
  })
}
