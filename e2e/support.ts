/**
 * What every browser spec shares: the tiny runner (`test`, `assert`, the tally), the server started
 * on one free port per municipality (embedded PostGIS, demo data, demo users), the client built if
 * stale, Chromium launched with the flags that work here, sign-in through the page or the API, map
 * helpers, screenshots, and the collection of console errors and Content-Security-Policy violations.
 * The specs under `specs/` are one per user group; `run.ts` runs them in order.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'

export const root = resolve(import.meta.dirname, '..')
export const shots = join(root, 'test-results', 'e2e')
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const kommuner = (process.env.E2E_KOMMUNER ?? '0581,0481')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
export const TEST_TIMEOUT_MS = 90_000
export const demoPassword = process.env.E2E_DEMO_PASSWORD ?? process.env.DEMO_PASSWORD ?? 'e2e-demo-password'

// ---------- a tiny runner ----------

let passed = 0
let failed = 0

/** The run's tally so far. */
export function tally(): { passed: number; failed: number } {
  return { passed, failed }
}

/** Counts a failure outside any test (a spec that could not set up). */
export function failOutside(message: string): void {
  failed++
  console.log(`✗ ${message}`)
}

export async function test(
  name: string,
  fn: () => Promise<void>,
  timeoutMs = TEST_TIMEOUT_MS,
): Promise<boolean> {
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
    passed++
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`)
    return true
  } catch (err) {
    failed++
    console.log(
      `  ✗ ${name}\n    ${err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 40).join('\n    ') : String(err)}`,
    )
    return false
  } finally {
    clearTimeout(timer)
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

// ---------- server and client ----------

export function freePort(): Promise<number> {
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

export function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

export function buildClientIfNeeded(): void {
  const index = join(root, 'dist', 'client', 'index.html')
  const stale = !existsSync(index) || newestMtime(join(root, 'client')) > statSync(index).mtimeMs
  if (!stale) return
  console.log('building the client (vite build)…')
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('vite build failed')
}

export interface RunningServer {
  base: string
  child: ChildProcess
  log: string[]
  dataDir: string
  ownsDataDir: boolean
}

export async function startServer(kommun: string): Promise<RunningServer> {
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

export async function waitForHealth(server: RunningServer, timeoutMs = 240_000): Promise<void> {
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

export async function stopServer(server: RunningServer): Promise<void> {
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
export const harmless = [
  /GPU stall due to ReadPixels/i,
  /WebGL.*performance/i,
  /Automatic fallback to software WebGL/i,
]

/**
 * Refusals the app expects and handles, which Chromium logs as failed resources: who-am-I before
 * anyone has signed in (401), a refused sign-in (401, 429 once locked out), and whatever a test
 * provokes on purpose (it adds to the list while it runs).
 */
export const expectedRefusals: { status: RegExp; url: RegExp }[] = [
  { status: /401/, url: /\/api\/auth\/me$/ },
  { status: /401|429/, url: /\/api\/auth\/login$/ },
]

export function watchConsole(page: Page, errors: string[]): void {
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
export const cspViolations: string[] = []

export async function watchCsp(context: BrowserContext): Promise<void> {
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

export async function collectCspViolations(page: Page): Promise<void> {
  if (page.isClosed()) return
  try {
    cspViolations.push(...(await page.evaluate(() => window.__cspViolations ?? [])))
  } catch {
    // The page navigated away or closed; its console report still counts.
  }
}

/** Signs in through the sign-in page and waits for the map. */
export async function signIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username)
  await page.getByLabel('Lösenord').fill(password)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await page.locator('[data-testid="signed-in-user"]').waitFor({ timeout: 30_000 })
}

/** Signs a browser context in through the API, so a page opened in it starts on the map. */
export async function signInContext(context: BrowserContext, base: string, username: string): Promise<void> {
  const response = await context.request.post(`${base}/api/auth/login`, {
    data: { username, password: demoPassword },
  })
  assert(response.ok(), `API sign-in of ${username} answered ${response.status()}`)
}

/** GETs JSON with the context's session cookie. */
export async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.context().request.get(url)
  assert(response.ok(), `${url} answered ${response.status()}`)
  return (await response.json()) as T
}

/** Waits until the map has loaded, has every tile it needs, and has drawn them. */
export async function mapIdle(page: Page): Promise<void> {
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

export async function renderedCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => window.__lagesbild?.controller.renderedFeatures(id).length ?? 0, layerId)
}

/** Pixels of the map canvas as one string per pixel row sample, for before/after comparisons. */
export async function canvasSample(page: Page): Promise<number[]> {
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

export function pixelDifference(a: number[], b: number[]): number {
  let changed = 0
  for (let i = 0; i < Math.min(a.length, b.length); i += 4) {
    const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2])
    if (d > 30) changed++
  }
  return changed
}

/** Count of canvas pixels close to a colour: proves a layer is really painted, not just queried. */
export async function pixelsNear(page: Page, hex: string, tolerance = 40): Promise<number> {
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
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join('\n')
}

export async function clickOnMap(page: Page, lngLat: [number, number]): Promise<void> {
  const point = await page.evaluate((ll) => {
    const map = window.__lagesbild?.map
    if (!map) throw new Error('no map')
    const p = map.project(ll)
    const rect = map.getCanvas().getBoundingClientRect()
    return { x: rect.left + p.x, y: rect.top + p.y }
  }, lngLat)
  await page.mouse.click(point.x, point.y)
}

export async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ([c, z]) => window.__lagesbild?.map.jumpTo({ center: c as [number, number], zoom: z as number }),
    [center, zoom] as const,
  )
  await mapIdle(page)
}

// ---------- what each municipality should show, pages, screenshots and the browser ----------

export interface Expectation {
  kommun: string
  name: string
  title: string
}

export const expectations: Record<string, Expectation> = {
  '0581': { kommun: '0581', name: 'Norrköping', title: 'Norrköpings kommun' },
  '0481': { kommun: '0481', name: 'Oxelösund', title: 'Oxelösunds kommun' },
}

export async function newPage(
  browser: Browser,
  width: number,
  height: number,
  errors: string[],
): Promise<Page> {
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

/** What each spec is given: the browser, the server's address and what its municipality shows. */
export interface SpecContext {
  browser: Browser
  base: string
  expected: Expectation
  /** False for the second municipality, where only signing in and the map are checked. */
  full: boolean
}

/** Flags that make headless Chromium render MapLibre and deck.gl here, offline. */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Chromium with the flags above and any more (e.g. `--lang=en-US`, the browser's own language). */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumFlags, ...extraArgs] })
}

/** Saves a screenshot of the page as `test-results/e2e/<name>-<width>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0
  await page.screenshot({ path: join(shots, `${name}-${width}.png`) })
}
