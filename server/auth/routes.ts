/**
 * `/api/auth`: sign in, sign out, and who am I. Sign-in is the one write a caller without a
 * session may make; it is rate limited per address and per username, and every attempt, good or
 * failed, is in the audit log.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { capabilities, editableLayers } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type AppEnv, accessOf } from '../http/access.ts'
import { HttpError } from '../http/errors.ts'
import { clientAddress, consumePoint, type RateLimits, tooManyRequests } from '../http/security.ts'
import { validate } from '../http/validate.ts'
import type { SessionEvents } from '../realtime/live.ts'
import {
  credentialsOf,
  resolveSession,
  revokeSession,
  SESSION_COOKIE,
  startSession,
  type UserView,
} from './accounts.ts'
import { MAX_PASSWORD_LENGTH, verifyPassword } from './passwords.ts'

export const Credentials = z.object({
  // Usernames are stored in lower case (see `Username`), so `Admin` signs in as `admin`.
  username: z.string().trim().toLowerCase().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(MAX_PASSWORD_LENGTH),
})

/** What the client needs to know about the signed-in user: who, and what they may do. */
export const meBody = (user: UserView) => ({
  user: {
    ...user,
    capabilities: capabilities[user.role],
    editableLayers: editableLayers(user.role),
  },
})

export interface AuthSettings {
  /** Mark the cookie Secure; on when served over TLS or behind a TLS proxy. */
  secureCookies: boolean
}

const isSecure = (c: Context, settings: AuthSettings) =>
  settings.secureCookies || new URL(c.req.url).protocol === 'https:'

/** Resolves the session cookie of a request; the guard's resolver. */
export const sessionOf = (db: Database) => async (c: Context<AppEnv>) =>
  resolveSession(db.orm, getCookie(c, SESSION_COOKIE))

/** Sign-in: outside the guard. */
export function loginRoutes(db: Database, limits: RateLimits, settings: AuthSettings) {
  return new Hono<AppEnv>().post('/login', validate('json', Credentials), async (c) => {
    const { username, password } = c.req.valid('json')
    const address = clientAddress(c)
    const userAgent = c.req.header('user-agent')?.slice(0, 300)
    await consumePoint(limits.loginAttempts, address, 'sign-in attempts', c)
    const pairKey = `${username.toLowerCase()}|${address}`
    const failures = await limits.loginFailures.get(pairKey)
    if (failures && failures.remainingPoints <= 0) {
      await appendAudit(db.orm, {
        actor: username,
        action: AuditAction.loginFailed,
        entity: 'session',
        details: { reason: 'rate_limited', address, userAgent },
      })
      throw tooManyRequests(c, failures.msBeforeNext, 'failed sign-ins for this user')
    }

    const account = await credentialsOf(db.orm, username)
    const ok = await verifyPassword(account?.passwordHash, password)
    if (!account || !ok) {
      await limits.loginFailures.penalty(pairKey, 1)
      await appendAudit(db.orm, {
        actor: username,
        action: AuditAction.loginFailed,
        entity: 'session',
        details: { reason: account ? 'wrong_password' : 'unknown_or_disabled_user', address, userAgent },
      })
      throw new HttpError(401, 'unauthorized', 'Wrong username or password')
    }
    await limits.loginFailures.delete(pairKey)

    const session = await db.transaction(async (tx) => {
      const started = await startSession(tx, account.id, userAgent)
      await appendAudit(tx, {
        actor: username,
        action: AuditAction.login,
        entity: 'session',
        entityId: account.id,
        details: { address, userAgent, expiresAt: started.expiresAt.toISOString() },
      })
      return started
    })
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isSecure(c, settings),
      path: '/',
      expires: session.expiresAt,
    })
    const resolved = await resolveSession(db.orm, session.token)
    if (!resolved) throw new HttpError(500, 'internal', 'The new session could not be read back')
    return c.json(meBody(resolved.user))
  })
}

/** Sign-out and the current user: behind the guard. */
export function sessionRoutes(db: Database, settings: AuthSettings, events?: SessionEvents) {
  return new Hono<AppEnv>()
    .get('/me', async (c) => {
      const resolved = await sessionOf(db)(c)
      if (!resolved) throw new HttpError(401, 'unauthorized', 'Sign in first: no valid session')
      return c.json(meBody(resolved.user))
    })
    .post('/logout', async (c) => {
      const access = accessOf(c)
      await db.transaction(async (tx) => {
        await revokeSession(tx, c.get('sessionTokenHash'))
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.logout,
          entity: 'session',
          entityId: access.userId,
          details: { address: clientAddress(c) },
        })
      })
      events?.sessionsEnded({ tokenHash: c.get('sessionTokenHash') })
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecure(c, settings), sameSite: 'Strict' })
      return c.body(null, 204)
    })
}
