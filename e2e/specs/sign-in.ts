/**
 * Signing in and out, for everyone: without a session the Swedish sign-in page, a wrong password's
 * message, the lockout after repeated failures saying how long to wait, and signing out.
 */
import { join } from 'node:path'
import {
  assert,
  collectCspViolations,
  cspViolations,
  newPage,
  type SpecContext,
  shots,
  signIn,
  test,
  textOf,
} from '../support.ts'

export async function signInSpec({ browser, base, expected, full }: SpecContext): Promise<void> {
  const errors: string[] = []
  const page = await newPage(browser, 1366, 768, errors)
  const prefix = expected.kommun

  await test(`[${prefix}] without a session the sign-in page is shown, in Swedish`, async () => {
    const response = await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    const csp = response?.headers()['content-security-policy'] ?? ''
    assert(/script-src 'self'/.test(csp), `the page is served without the CSP: "${csp}"`)
    await page.getByRole('heading', { name: 'Logga in' }).waitFor({ timeout: 15_000 })
    await page.getByLabel('Användarnamn').waitFor()
    assert((await page.locator('#map').count()) === 0, 'the map is shown before signing in')
    const me = await page.context().request.get(`${base}/api/auth/me`)
    assert(me.status() === 401, `/api/auth/me answered ${me.status()} without a session`)
    await page.screenshot({ path: join(shots, `${prefix}-login-1366.png`) })
  })

  if (!full) {
    await page.context().close()
    return
  }

  await test(`[${prefix}] a wrong password gives the Swedish error`, async () => {
    await page.getByLabel('Användarnamn').fill('lasare')
    await page.getByLabel('Lösenord').fill('inte-lösenordet')
    await page.getByRole('button', { name: 'Logga in' }).click()
    const error = page.locator('[data-testid="login-error"]')
    await error.waitFor({ timeout: 15_000 })
    const text = await textOf(error)
    assert(text === 'Fel användarnamn eller lösenord.', `wrong password says "${text}"`)
    assert((await page.getByLabel('Lösenord').inputValue()) === '', 'the wrong password stays in the field')
    await page.screenshot({ path: join(shots, `${prefix}-login-wrong-1366.png`) })
  })

  await test(`[${prefix}] repeated failures say how long to wait`, async () => {
    // A username of its own, so the lockout (per username and address) touches no demo user.
    const username = `e2e-lockout-${Date.now().toString(36)}`
    const error = page.locator('[data-testid="login-error"]')
    for (let attempt = 0; attempt < 6; attempt++) {
      await page.getByLabel('Användarnamn').fill(username)
      await page.getByLabel('Lösenord').fill(`fel-${attempt}`)
      await page.getByRole('button', { name: 'Logga in' }).click()
      await page.getByRole('button', { name: 'Logga in' }).waitFor({ state: 'visible' })
      await page.waitForFunction(
        () => !(document.querySelector('.login-submit') as HTMLButtonElement | null)?.disabled,
      )
      if (/Vänta/.test(await textOf(error))) break
    }
    const text = await textOf(error)
    assert(
      /^För många misslyckade inloggningsförsök\. Vänta \d+ (minuter|sekunder) och försök igen\.$/.test(text),
      `rate limiting says "${text}"`,
    )
  })

  await test(`[${prefix}] signing out returns to the sign-in page`, async () => {
    await signIn(page, 'krisledare')
    await collectCspViolations(page)
    await collectCspViolations(page)
    await page.getByRole('button', { name: 'Logga ut' }).click()
    await page.getByRole('heading', { name: 'Logga in' }).waitFor({ timeout: 10_000 })
    assert((await textOf(page.locator('.form-notice'))).includes('Du är utloggad'), 'no signed-out notice')
    const me = await page.context().request.get(`${base}/api/auth/me`)
    assert(me.status() === 401, `after signing out /api/auth/me answers ${me.status()}`)
  })

  await test(`[${prefix}] the sign-in pages log no errors and break no CSP`, async () => {
    await collectCspViolations(page)
    assert(cspViolations.length === 0, `CSP violations:\n${cspViolations.join('\n')}`)
    assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
  })
  await page.context().close()
}
