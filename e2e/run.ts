/**
 * The browser suite: starts the real server (embedded PostGIS, demo data, demo users) on a free
 * port per municipality, builds the client if needed, and drives Debian's Chromium through
 * playwright-core, one spec per user group (see `specs/`): signing in, the crisis manager's map,
 * the administrator with the viewer, the crisis staff in a live session, and every role's main views
 * in Swedish and English. No spec may leave a console error or a CSP violation.
 *
 *   npm run test:e2e                      Norrköping (0581), then Oxelösund (0481)
 *   E2E_KOMMUNER=0581 npm run test:e2e    one municipality only
 *   E2E_SPECS=views,crisis-staff npm run test:e2e   some specs only (first municipality)
 *   E2E_DATA_DIR=/tmp/x npm run test:e2e  reuse seeded data directories (<dir>-<kommun>)
 *   E2E_BASE_URL=http://127.0.0.1:8080     test a server that is already running (first kommun only)
 *   E2E_DEMO_PASSWORD=…                   the demo users' password (default: DEMO_PASSWORD, else a
 *                                         fixed one given to the servers this run starts)
 *
 * Screenshots go to test-results/e2e/. Prints "N passed, N failed" and exits non-zero on failure.
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { actionPlanSpec } from './specs/action-plan.ts'
import { actorsSpec } from './specs/actors.ts'
import { adminSpec } from './specs/admin.ts'
import { cascadeSpec } from './specs/cascade.ts'
import { councilSpec } from './specs/council.ts'
import { crisisStaffSpec } from './specs/crisis-staff.ts'
import { mapSpec } from './specs/map.ts'
import { rsaSpec } from './specs/rsa.ts'
import { signInSpec } from './specs/sign-in.ts'
import { viewsSpec } from './specs/views.ts'
import {
  assert,
  buildClientIfNeeded,
  chromiumPath,
  expectations,
  failOutside,
  kommuner,
  launchBrowser,
  type RunningServer,
  type SpecContext,
  shots,
  startServer,
  stopServer,
  tally,
  test,
  waitForHealth,
} from './support.ts'

/** The specs in the order they run; the second municipality runs only those marked `always`. */
const specs: { name: string; run: (ctx: SpecContext) => Promise<void>; always: boolean }[] = [
  { name: 'sign-in', run: signInSpec, always: true },
  { name: 'map', run: mapSpec, always: true },
  { name: 'admin', run: adminSpec, always: false },
  { name: 'crisis-staff', run: crisisStaffSpec, always: false },
  { name: 'views', run: viewsSpec, always: false },
  { name: 'council', run: councilSpec, always: false },
  { name: 'action-plan', run: actionPlanSpec, always: false },
  { name: 'actors', run: actorsSpec, always: false },
  { name: 'cascade', run: cascadeSpec, always: false },
  { name: 'rsa', run: rsaSpec, always: false },
]
const only = process.env.E2E_SPECS?.split(',').map((s) => s.trim())

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
    browser = await launchBrowser()
    for (const [i, kommun] of kommuner.entries()) {
      const server = servers.get(kommun)
      assert(server, 'server missing')
      const expected = expectations[kommun] ?? { kommun, name: '', title: kommun }
      console.log(`\n${expected.title || kommun} (${server.base})`)
      // Note: a first start seeds the demo, which takes minutes on a busy machine.
      const healthy = await test(
        `[${kommun}] server starts and answers /api/health`,
        () => waitForHealth(server),
        250_000,
      )
      if (!healthy) continue
      const ctx: SpecContext = { browser, base: server.base, expected, full: i === 0 }
      for (const spec of specs) {
        if (only ? !only.includes(spec.name) || i > 0 : !(ctx.full || spec.always)) continue
        const started = Date.now()
        console.log(`  ${spec.name}`)
        await spec.run(ctx)
        console.log(`  (${spec.name}: ${Math.round((Date.now() - started) / 1000)} s)`)
      }
    }
  } catch (err) {
    failOutside(`setup failed: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    await browser?.close()
    await cleanup()
  }
  const { passed, failed } = tally()
  console.log(`\n${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

await main()
