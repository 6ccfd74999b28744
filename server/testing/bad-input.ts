/**
 * The shared harness of the bad-input tables that sit beside their routes. Every kind of bad input
 * is one row with a name; each must be answered with a 4xx in the contract's error shape that gives
 * away no stack trace or SQL nor quotes the input back as markup, nothing the app logs as
 * unexpected, and after the whole table every table of stored data must be exactly as before.
 *
 * A test file calls `badInputHarness()` at its top (it opens the prepared test database, builds the
 * app and signs in every demo user), then `badInputTable(harness, title, rows)`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits, type RateLimitSettings } from '../http/security.ts'
import { expectContractError } from './contract-error.ts'
import { signIn } from './sign-in.ts'
import { tableChecksums } from './table-checksums.ts'

export const demoUsers = ['admin', 'krisledare', 'analytiker', 'polis', 'planerare', 'lasare'] as const
export type DemoUser = (typeof demoUsers)[number]
export type App = ReturnType<typeof createApp>

export interface BadInput {
  name: string
  /** Who sends it: a demo user, or nobody (no cookie). */
  as?: DemoUser
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  path: string | (() => string)
  headers?: Record<string, string> | (() => Record<string, string>)
  /** An object is sent as JSON; a string or bytes as they are; a function is called first. */
  body?: unknown
  status: number
  code?: string
  /** What the message must say, where the reason matters more than the status. */
  message?: RegExp
  /** Requests to make first (with the same app), for rows about what follows them. */
  before?: number
  /** Another app, for rows about rate limits. */
  app?: () => App
}

export interface BadInputHarness {
  readonly db: Database
  readonly app: App
  readonly cookies: Record<DemoUser, string>
  /** What the app logged as unexpected: a refused input must never be one. */
  readonly unexpected: unknown[]
  /** An app of its own with tight rate limits, so a row can reach them in a few requests. */
  limitedApp(settings: RateLimitSettings): App
  send(row: BadInput, target?: App): Promise<Response>
}

export const JSON_HEADERS = { 'content-type': 'application/json' }

/** Hostile text the tables send where a name, a filter or a free text goes. */
export const sqlInjection = "' OR '1'='1'; DROP TABLE users; --"
export const unionInjection = "x' UNION SELECT password_hash FROM users --"
export const script = '<script>alert(document.cookie)</script>'

/** An administrator's request to create an account, valid but for `fields`. */
export const newUser = (fields: Record<string, unknown>) => ({
  method: 'POST' as const,
  path: '/api/users',
  headers: JSON_HEADERS,
  as: 'admin' as const,
  body: {
    username: 'nyanvandare',
    displayName: 'Ny Användare',
    role: 'viewer',
    password: 'a long enough password',
    ...fields,
  },
})

/** An administrator's change of the account `userId()` (read when the row runs) with `body`. */
export const changeUser = (userId: () => string, body: unknown) => ({
  method: 'PATCH' as const,
  path: () => `/api/users/${userId()}`,
  headers: JSON_HEADERS,
  as: 'admin' as const,
  body,
})

/** Opens the database and the app for one test file, signing every demo user in. */
export function badInputHarness(setup?: (h: BadInputHarness) => Promise<void>): BadInputHarness {
  const unexpected: unknown[] = []
  const cookies = {} as Record<DemoUser, string>
  let db: Database | undefined
  let app: App | undefined
  const appOver = (limits: ReturnType<typeof createRateLimits>) =>
    createApp({ db: harness.db, config: { kommun: TEST_KOMMUN }, limits, log: (err) => unexpected.push(err) })
  const harness: BadInputHarness = {
    get db() {
      if (!db) throw new Error('the harness opens its database in beforeAll')
      return db
    },
    get app() {
      if (!app) throw new Error('the harness builds its app in beforeAll')
      return app
    },
    cookies,
    unexpected,
    limitedApp: (settings) => appOver(createRateLimits(settings)),
    send(row, target = harness.app) {
      const path = typeof row.path === 'function' ? row.path() : row.path
      const headers = {
        ...(row.as ? { cookie: cookies[row.as] } : {}),
        ...(typeof row.headers === 'function' ? row.headers() : row.headers),
      }
      return Promise.resolve(
        target.request(path, { method: row.method ?? 'GET', headers, body: bodyOf(row.body) }),
      )
    },
  }
  beforeAll(async () => {
    db = await openTestDatabase()
    app = appOver(createRateLimits())
    for (const user of demoUsers) cookies[user] = await signIn(app, user)
    await setup?.(harness)
  })
  afterAll(async () => {
    await db?.close()
  })
  return harness
}

export function bodyOf(given: unknown): BodyInit | undefined {
  const body = typeof given === 'function' ? given() : given
  return body === undefined
    ? undefined
    : typeof body === 'string' || body instanceof Uint8Array
      ? (body as BodyInit)
      : JSON.stringify(body)
}

/** The strings of the request a message may quote back: path segments, query values, body strings. */
export function echoesOf(path: string, given: unknown): string[] {
  const body = typeof given === 'function' ? given() : given
  const url = new URL(path, 'http://localhost')
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []
  return [
    ...url.pathname.split('/').map(decode),
    ...[...url.searchParams.values()],
    ...(body instanceof Uint8Array ? [] : strings(body)),
  ].filter((s) => s.length > 2)
}

/**
 * One table of bad input: each row answered in the contract's shape with its status, and after all
 * rows every table exactly as before and nothing logged as unexpected.
 */
export function badInputTable(
  harness: BadInputHarness,
  title: string,
  rows: readonly BadInput[],
  options: { beforeRows?: () => Promise<void> } = {},
): void {
  describe(title, () => {
    let checksumsBefore: Record<string, string>
    beforeAll(async () => {
      await options.beforeRows?.()
      checksumsBefore = await tableChecksums(harness.db)
    })

    it('names each kind once', () => {
      const names = rows.map((r) => r.name)
      expect(new Set(names).size).toBe(names.length)
    })

    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_, row) => {
      const target = row.app?.() ?? harness.app
      for (let i = 0; i < (row.before ?? 0); i++) await harness.send(row, target)
      const res = await harness.send(row, target)
      const path = typeof row.path === 'function' ? row.path() : row.path
      const error = await expectContractError(res, row.status, {
        what: row.name,
        echoes: echoesOf(path, row.body),
      })
      if (row.code) expect(error.code).toBe(row.code)
      if (row.message) expect(error.message).toMatch(row.message)
      if (row.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    })

    it('leaves every table of stored data exactly as it was', async () => {
      expect(await tableChecksums(harness.db)).toEqual(checksumsBefore)
    })

    it('met no input it did not expect', () => {
      expect(harness.unexpected.map(String)).toEqual([])
    })
  })
}
