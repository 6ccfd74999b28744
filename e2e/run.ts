/**
 * The browser test: starts the real server (embedded PostGIS, demo data, demo users) on a free
 * port, builds the client if needed, and drives Debian's Chromium through playwright-core, checking
 * the sign-in page and its messages, that each role sees what it may (the crisis manager the police
 * incidents, the viewer only their generalised hexagons), that the map really draws the
 * municipality, that layers switch on and export with their marking, that features open with
 * Swedish labels, that search, the address and the language switch work, that an administrator can
 * create, re-role and disable a user and find it all in the audit log, that an ended session and
 * signing out return to the sign-in page, and that nothing logs errors or breaks the CSP.
 *
 *   npm run test:e2e                      Norrköping (0581), then Oxelösund (0481)
 *   E2E_KOMMUNER=0581 npm run test:e2e    one municipality only
 *   E2E_DATA_DIR=/tmp/x npm run test:e2e  reuse seeded data directories (<dir>-<kommun>)
 *   E2E_BASE_URL=http://127.0.0.1:8080     test a server that is already running (first kommun only)
 *   E2E_DEMO_PASSWORD=…                   the demo users' password (default: DEMO_PASSWORD, else a
 *                                         fixed one given to the servers this run starts)
 *
 * Screenshots go to test-results/e2e/. Prints "N passed, N failed" and exits non-zero on failure.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'

const root = resolve(import.meta.dirname, '..')
const shots = join(root, 'test-results', 'e2e')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const kommuner = (process.env.E2E_KOMMUNER ?? '0581,0481')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
const TEST_TIMEOUT_MS = 90_000
const demoPassword = process.env.E2E_DEMO_PASSWORD ?? process.env.DEMO_PASSWORD ?? 'e2e-demo-password'

// ---------- a tiny runner ----------

let passed = 0
let failed = 0

async function test(name: string, fn: () => Promise<void>): Promise<boolean> {
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS)
      }),
    ])
    passed++
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`)
    return true
  } catch (err) {
    failed++
    console.log(
      `  ✗ ${name}\n    ${err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 4).join('\n    ') : String(err)}`,
    )
    return false
  } finally {
    clearTimeout(timer)
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

// ---------- server and client ----------

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function buildClientIfNeeded(): void {
  const index = join(root, 'dist', 'client', 'index.html')
  const stale = !existsSync(index) || newestMtime(join(root, 'client')) > statSync(index).mtimeMs
  if (!stale) return
  console.log('building the client (vite build)…')
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('vite build failed')
}

interface RunningServer {
  base: string
  child: ChildProcess
  log: string[]
  dataDir: string
  ownsDataDir: boolean
}

async function startServer(kommun: string): Promise<RunningServer> {
  const external = process.env.E2E_BASE_URL
  if (external && kommun === kommuner[0]) {
    const child = spawn('true')
    await new Promise((r) => child.once('exit', r))
    return { base: external.replace(/\/$/, ''), child, log: [], dataDir: '', ownsDataDir: false }
  }
  const port = await freePort()
  const reuse = process.env.E2E_DATA_DIR
  const dataDir = reuse ? `${reuse}-${kommun}` : mkdtempSync(join(tmpdir(), `lagesbild-e2e-${kommun}-`))
  const log: string[] = []
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      KOMMUN: kommun,
      NODE_ENV: 'development',
      DEMO_PASSWORD: demoPassword,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const keep = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return { base: `http://127.0.0.1:${port}`, child, log, dataDir, ownsDataDir: !reuse }
}

async function waitForHealth(server: RunningServer, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null && server.dataDir)
      throw new Error(`server exited (${server.child.exitCode}):\n${server.log.slice(-20).join('\n')}`)
    try {
      const response = await fetch(`${server.base}/api/health`)
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.log.slice(-20).join('\n')}`)
}

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode === null && server.child.pid) {
    const exited = new Promise((r) => server.child.once('exit', r))
    try {
      process.kill(-server.child.pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))])
    if (server.child.exitCode === null) {
      try {
        process.kill(-server.child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
  }
  if (server.ownsDataDir) rmSync(server.dataDir, { recursive: true, force: true })
}

// ---------- page helpers ----------

/** Console errors that do not mean the app is broken (SwiftShader's performance notes). */
const harmless = [
  /GPU stall due to ReadPixels/i,
  /WebGL.*performance/i,
  /Automatic fallback to software WebGL/i,
]

/**
 * Refusals the app expects and handles, which Chromium logs as failed resources: who-am-I before
 * anyone has signed in (401), a refused sign-in (401, 429 once locked out), and whatever a test
 * provokes on purpose (it adds to the list while it runs).
 */
const expectedRefusals: { status: RegExp; url: RegExp }[] = [
  { status: /401/, url: /\/api\/auth\/me$/ },
  { status: /401|429/, url: /\/api\/auth\/login$/ },
]

function watchConsole(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const text = message.text()
    if (harmless.some((re) => re.test(text))) return
    const url = message.location().url
    const status = /status of (\d{3})/.exec(text)?.[1]
    if (status && expectedRefusals.some((r) => r.status.test(status) && r.url.test(url))) return
    errors.push(`${text}${url ? ` (${url})` : ''}`)
  })
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? ''
    // Aborted requests are tiles MapLibre no longer needs after a zoom.
    if (!/ERR_ABORTED/.test(failure)) errors.push(`request failed: ${request.url()} ${failure}`)
  })
}

declare global {
  interface Window {
    /** Content-Security-Policy violations the page reported, collected by the test. */
    __cspViolations?: string[]
  }
}

/** Every CSP violation of every page this run opens, besides the console's own report of them. */
const cspViolations: string[] = []

async function watchCsp(context: BrowserContext): Promise<void> {
  // Note: an init script comes in through the DevTools protocol, which the page's CSP does not govern.
  await context.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      )
    })
  })
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|apply|execute|create|connect)/i.test(message.text()))
      cspViolations.push(message.text())
  })
}

async function collectCspViolations(page: Page): Promise<void> {
  if (page.isClosed()) return
  try {
    cspViolations.push(...(await page.evaluate(() => window.__cspViolations ?? [])))
  } catch {
    // The page navigated away or closed; its console report still counts.
  }
}

/** Signs in through the sign-in page and waits for the map. */
async function signIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username)
  await page.getByLabel('Lösenord').fill(password)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await page.locator('[data-testid="signed-in-user"]').waitFor({ timeout: 30_000 })
}

/** Signs a browser context in through the API, so a page opened in it starts on the map. */
async function signInContext(context: BrowserContext, base: string, username: string): Promise<void> {
  const response = await context.request.post(`${base}/api/auth/login`, {
    data: { username, password: demoPassword },
  })
  assert(response.ok(), `API sign-in of ${username} answered ${response.status()}`)
}

/** GETs JSON with the context's session cookie. */
async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.context().request.get(url)
  assert(response.ok(), `${url} answered ${response.status()}`)
  return (await response.json()) as T
}

/** Waits until the map has loaded, has every tile it needs, and has drawn them. */
async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__lagesbild?.map.loaded() === true, undefined, { timeout: 60_000 })
  await page.evaluate(
    () =>
      new Promise<void>((resolveIdle) => {
        const map = window.__lagesbild?.map
        if (!map) return resolveIdle()
        const timer = setTimeout(resolveIdle, 30_000)
        map.once('idle', () => {
          clearTimeout(timer)
          resolveIdle()
        })
        map.triggerRepaint()
      }),
  )
}

async function renderedCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => window.__lagesbild?.controller.renderedFeatures(id).length ?? 0, layerId)
}

/** Pixels of the map canvas as one string per pixel row sample, for before/after comparisons. */
async function canvasSample(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const source = window.__lagesbild?.map.getCanvas()
    if (!source) return []
    const canvas = document.createElement('canvas')
    canvas.width = 320
    canvas.height = 180
    const context = canvas.getContext('2d')
    if (!context) return []
    context.drawImage(source, 0, 0, canvas.width, canvas.height)
    return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data)
  })
}

function pixelDifference(a: number[], b: number[]): number {
  let changed = 0
  for (let i = 0; i < Math.min(a.length, b.length); i += 4) {
    const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2])
    if (d > 30) changed++
  }
  return changed
}

/** Count of canvas pixels close to a colour: proves a layer is really painted, not just queried. */
async function pixelsNear(page: Page, hex: string, tolerance = 40): Promise<number> {
  const sample = await canvasSample(page)
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
  let count = 0
  for (let i = 0; i < sample.length; i += 4) {
    if (Math.abs(sample[i] - r) + Math.abs(sample[i + 1] - g) + Math.abs(sample[i + 2] - b) < tolerance)
      count++
  }
  return count
}

/** A locator's text as laid out (Playwright's innerText, not the DOM property). */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join('\n')
}

async function clickOnMap(page: Page, lngLat: [number, number]): Promise<void> {
  const point = await page.evaluate((ll) => {
    const map = window.__lagesbild?.map
    if (!map) throw new Error('no map')
    const p = map.project(ll)
    const rect = map.getCanvas().getBoundingClientRect()
    return { x: rect.left + p.x, y: rect.top + p.y }
  }, lngLat)
  await page.mouse.click(point.x, point.y)
}

async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ([c, z]) => window.__lagesbild?.map.jumpTo({ center: c as [number, number], zoom: z as number }),
    [center, zoom] as const,
  )
  await mapIdle(page)
}

// ---------- the tests ----------

interface Expectation {
  kommun: string
  name: string
  title: string
}

const expectations: Record<string, Expectation> = {
  '0581': { kommun: '0581', name: 'Norrköping', title: 'Norrköpings kommun' },
  '0481': { kommun: '0481', name: 'Oxelösund', title: 'Oxelösunds kommun' },
}

async function newPage(browser: Browser, width: number, height: number, errors: string[]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  })
  await watchCsp(context)
  const page = await context.newPage()
  watchConsole(page, errors)
  return page
}

async function municipalityTests(
  browser: Browser,
  base: string,
  expected: Expectation,
  full: boolean,
): Promise<void> {
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

  if (full) {
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
        /^För många misslyckade inloggningsförsök\. Vänta \d+ (minuter|sekunder) och försök igen\.$/.test(
          text,
        ),
        `rate limiting says "${text}"`,
      )
    })
  }

  await test(`[${prefix}] loads the map and draws ${expected.name}`, async () => {
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
    assert(/^\d – /.test(styrel), `Styrel class without its meaning: ${styrel}`)
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

  await test(`[${prefix}] signing out returns to the sign-in page`, async () => {
    await collectCspViolations(page)
    await page.getByRole('button', { name: 'Logga ut' }).click()
    await page.getByRole('heading', { name: 'Logga in' }).waitFor({ timeout: 10_000 })
    assert((await textOf(page.locator('.form-notice'))).includes('Du är utloggad'), 'no signed-out notice')
    const me = await page.context().request.get(`${base}/api/auth/me`)
    assert(me.status() === 401, `after signing out /api/auth/me answers ${me.status()}`)
  })

  await test(`[${prefix}] no Content-Security-Policy violations`, async () => {
    await collectCspViolations(page)
    assert(cspViolations.length === 0, `CSP violations:\n${cspViolations.join('\n')}`)
  })

  await test(`[${prefix}] no console errors`, async () => {
    // Note: the viewer's requests after its session was ended are refused (401) by design.
    const unexpected = viewerErrors.filter((e) => !/status of 401/.test(e))
    const all = [...errors, ...unexpected]
    assert(all.length === 0, `console errors:\n${all.join('\n')}`)
  })
  await page.context().close()
}

/**
 * The live crisis session with two people in two browsers: the crisis manager (chair) draws a
 * polygon and logs a decision, the police officer (invited through the police organisation) sees
 * both appear; the police officer follows the chair's view when the chair presents and pans.
 */
async function crisisSessionTests(browser: Browser, base: string, prefix: string): Promise<void> {
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

  await test(`[${prefix}] the crisis session logs no errors and breaks no CSP`, async () => {
    await collectCspViolations(chair)
    await collectCspViolations(police)
    assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
  })
  await Promise.all(contexts.map((c) => c.close()))
}

async function main(): Promise<void> {
  mkdirSync(shots, { recursive: true })
  assert(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}`)
  buildClientIfNeeded()

  const servers = new Map<string, RunningServer>()
  const cleanup = async () => {
    await Promise.all([...servers.values()].map(stopServer))
  }
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)))

  let browser: Browser | undefined
  try {
    // Note: the servers seed in parallel; the first start of each takes most of a minute.
    for (const kommun of kommuner) servers.set(kommun, await startServer(kommun))
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    for (const [i, kommun] of kommuner.entries()) {
      const server = servers.get(kommun)
      assert(server, 'server missing')
      const expected = expectations[kommun] ?? { kommun, name: '', title: kommun }
      console.log(`\n${expected.title || kommun} (${server.base})`)
      const healthy = await test(`[${kommun}] server starts and answers /api/health`, () =>
        waitForHealth(server))
      if (healthy) await municipalityTests(browser, server.base, expected, i === 0)
      if (healthy && i === 0) await crisisSessionTests(browser, server.base, kommun)
    }
  } catch (err) {
    failed++
    console.log(`✗ setup failed: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    await browser?.close()
    await cleanup()
  }
  console.log(`\n${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

await main()
