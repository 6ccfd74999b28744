/**
 * Every role's main views, in Swedish and in English, as a newcomer meets them: the map, the layer
 * panel with legends, one object's attributes, search, the crisis session list and, where the role
 * may see it, each tab of the example session (replay included), and the administration for the
 * administrator. Each view must show no text of the other language, no dictionary key or code shown
 * raw, and (in English) no Swedish outside names and what users wrote; no view may log an error.
 * Each view is saved at 1366 and at 1920 pixels wide as `views-<user>-<lang>-<view>-<width>.png`.
 */
import type { Page } from 'playwright-core'
import { dictionaries, type Language, type MessageKey } from '../../client/i18n/dictionary.ts'
import {
  swedishInEnglish,
  termsIn,
  untranslatedTexts,
  type WordingCheck,
  wordingCheck,
} from '../../client/i18n/translation-check.ts'
import * as crisisModule from '../../common/crisis.ts'
import * as domainModule from '../../common/domain.ts'
import {
  assert,
  collectCspViolations,
  cspViolations,
  getJson,
  mapIdle,
  type SpecContext,
  shot,
  signInContext,
  test,
  watchConsole,
  watchCsp,
} from '../support.ts'

/** A walk saves a score of screenshots, each after the map has drawn at two sizes. */
const WALK_TIMEOUT_MS = 300_000
type View = 'sessions' | 'session-tabs' | 'admin'
/**
 * Each demo user and the views beyond the map, the layers, an object and search that are theirs:
 * the crisis manager runs sessions, the police officer is invited to one, the administrator
 * administers. (Who else may open a session is the crisis staff spec's and the API tests' concern.)
 */
const users = {
  admin: ['sessions', 'admin'],
  krisledare: ['sessions', 'session-tabs'],
  analytiker: [],
  polis: ['sessions'],
  planerare: [],
  lasare: [],
} as const satisfies Record<string, readonly View[]>
type Username = keyof typeof users
const languages: readonly Language[] = ['sv', 'en']
const sessionTabs = ['roster', 'log', 'meeting', 'snapshots', 'replay'] as const
const terms = [...termsIn(domainModule), ...termsIn(crisisModule)]
const checks: Record<Language, WordingCheck> = {
  sv: wordingCheck('sv', dictionaries, terms),
  en: wordingCheck('en', dictionaries, terms),
}

/** Proper names an English page may show with Swedish letters. */
const properNames = [
  'Norrköping',
  'Oxelösund',
  'Östergötland',
  'Södermanland',
  'Lägesbild',
  'Svenska',
  'Mälaren',
  'Göta',
  'Bråvik',
]

/** The visible text nodes and the labels a user reads (placeholders, tooltips, accessible names). */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = new Set<string>()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement
      if (!element || element.closest('script, style, noscript, [translate="no"]')) continue
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim()
      if (!text || !element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue
      out.add(text)
    }
    for (const element of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (element.closest('[translate="no"]') || !element.checkVisibility()) continue
      for (const name of ['placeholder', 'title', 'aria-label']) {
        const value = element.getAttribute(name)?.trim()
        if (value) out.add(value)
      }
    }
    return [...out]
  })
}

/** Every string inside a JSON value: what users wrote in a session, an object's own attributes. */
function stringsOf(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (value.length > 1) into.add(value)
  } else if (Array.isArray(value)) for (const item of value) stringsOf(item, into)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, into)
  return into
}

export async function viewsSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const prefix = expected.kommun
  for (const username of Object.keys(users) as Username[]) {
    for (const lang of languages) {
      await test(
        `[${prefix}] ${username} in ${lang === 'sv' ? 'Swedish' : 'English'}: every main view reads right`,
        async () => {
          await walk(browser, base, expected.name, username, lang)
        },
        WALK_TIMEOUT_MS,
      )
    }
  }
}

async function walk(
  browser: SpecContext['browser'],
  base: string,
  municipality: string,
  username: Username,
  lang: Language,
): Promise<void> {
  const t = (key: MessageKey) => dictionaries[lang][key]
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    deviceScaleFactor: 1,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  })
  await context.addInitScript((language) => localStorage.setItem('lagesbild.language', language), lang)
  await watchCsp(context)
  await signInContext(context, base, username)
  const page = await context.newPage()
  const errors: string[] = []
  watchConsole(page, errors)
  const problems: string[] = []
  const names = new Set<string>([...properNames, ...(municipality ? [municipality] : [])])

  /** Checks what the page shows now and saves it at both widths. */
  const view = async (name: string) => {
    const texts = await visibleTexts(page)
    // What users wrote in the log and named their snapshots is theirs, in whatever language.
    for (const written of await page.locator('.log-text, .snapshot-name').allInnerTexts())
      names.add(written.trim())
    const found = untranslatedTexts(texts, checks[lang])
    if (lang === 'en')
      found.push(...swedishInEnglish(texts, names, checks[lang]).map((text) => `Swedish: ${text}`))
    problems.push(...found.map((p) => `${name}: ${p}`))
    const file = `views-${username}-${lang}-${name}`
    await shot(page, file)
    await page.setViewportSize({ width: 1920, height: 1080 })
    if ((await page.locator('#map').count()) > 0) await mapIdle(page)
    else await page.waitForTimeout(150)
    await shot(page, file)
    await page.setViewportSize({ width: 1366, height: 768 })
  }

  const me = await getJson<{ user: { displayName: string; organisation?: { name: string } | null } }>(
    page,
    `${base}/api/auth/me`,
  )
  stringsOf(me.user, names)
  const { layers } = await getJson<{ layers: { id: string }[] }>(page, `${base}/api/layers`)
  const ids = new Set(layers.map((l) => l.id))

  const views: readonly View[] = users[username]

  // The layer panel with a layer of each theme on, so their legends show.
  const themed = [
    'municipality',
    'districts',
    'critical-assets',
    'flood-zones',
    'hazardous-goods-routes',
    ids.has('incidents') ? 'incidents' : 'incident-hexagons',
    'crime-statistics',
    'survey-results',
  ].filter((id) => ids.has(id))
  await page.goto(`${base}/#layers=${themed.join(',')}`, { waitUntil: 'domcontentloaded' })
  await page.locator('[data-testid="signed-in-user"]').waitFor({ timeout: 30_000 })
  await mapIdle(page)
  await view('layers')

  // One critical asset opened from the address, as a shared link opens it.
  const assets = await getJson<{
    features: {
      id: string
      geometry: { coordinates: [number, number] }
      properties: Record<string, unknown>
    }[]
  }>(page, `${base}/api/layers/critical-assets/features?limit=50`)
  const asset = assets.features.find((f) => f.properties.styrelClass != null) ?? assets.features[0]
  assert(asset, `${username} reads no critical asset`)
  stringsOf(asset.properties, names)
  const [lon, lat] = asset.geometry.coordinates
  await page.goto(
    `${base}/#map=15.00/${lat.toFixed(5)}/${lon.toFixed(5)}&layers=municipality,critical-assets&feature=critical-assets/${asset.id}`,
    { waitUntil: 'domcontentloaded' },
  )
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.locator('.feature-panel .attributes').waitFor({ timeout: 20_000 })
  await mapIdle(page)
  await view('feature')

  // Search, with its list of hits open.
  await page.mouse.move(4, 700)
  const search = page.getByRole('combobox', { name: t('search.label') })
  await search.fill('Vatten')
  await page.locator('[role="option"]').first().waitFor({ timeout: 15_000 })
  for (const hit of await page.locator('[role="option"]').allInnerTexts()) stringsOf(hit.split('\n'), names)
  await view('search')
  await search.press('Escape')

  // The crisis sessions, and the example session's tabs.
  if (!views.includes('sessions')) return finish()
  const { sessions } = await getJson<{ sessions: { id: string; title: string }[] }>(
    page,
    `${base}/api/sessions`,
  )
  for (const s of sessions) names.add(s.title)
  await page.goto(`${base}/#/sessions`, { waitUntil: 'domcontentloaded' })
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.locator('[data-testid="session-list"]').waitFor({ timeout: 30_000 })
  await page.waitForTimeout(300)
  await view('sessions')
  const example = sessions.find((s) => s.title.startsWith('Elavbrott'))
  if (views.includes('session-tabs')) {
    assert(example, `${username} does not see the example session`)
    const history = await getJson<unknown>(page, `${base}/api/sessions/${example.id}/history`)
    const detail = await getJson<unknown>(page, `${base}/api/sessions/${example.id}`)
    stringsOf(history, names)
    stringsOf(detail, names)
    await page.goto(`${base}/#/sessions/${example.id}?tab=log`, { waitUntil: 'domcontentloaded' })
    await page.locator('[data-testid="session-view"]').waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="connection-status"].is-connected').waitFor({ timeout: 30_000 })
    await mapIdle(page)
    for (const tab of sessionTabs) {
      await page.locator(`#session-tab-${tab}`).click()
      if (tab === 'replay') await page.locator('[data-testid="replay"]').waitFor({ timeout: 20_000 })
      await page.waitForTimeout(400)
      await mapIdle(page)
      await view(`session-${tab}`)
    }
  }

  // The administration: users and the audit log.
  if (views.includes('admin')) {
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await page.getByRole('button', { name: t('admin.open') }).click()
    await page.locator('.admin-table').waitFor({ timeout: 15_000 })
    const { users: accounts } = await getJson<{ users: unknown[] }>(page, `${base}/api/users`)
    stringsOf(accounts, names)
    await view('admin-users')
    // What the log recorded is quoted as it was (a marking a Swedish export carried, BEGRÄNSAD).
    stringsOf(await getJson<unknown>(page, `${base}/api/audit?limit=100`), names)
    await page.getByRole('tab', { name: t('admin.audit') }).click()
    await page.locator('.audit-table').waitFor({ timeout: 15_000 })
    await page.waitForTimeout(300)
    await view('admin-audit')
  }

  return finish()

  async function finish(): Promise<void> {
    await collectCspViolations(page)
    await context.close()
    assert(problems.length === 0, `untranslated:\n${[...new Set(problems)].join('\n')}`)
    assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
    assert(cspViolations.length === 0, `CSP violations:\n${cspViolations.join('\n')}`)
  }
}
