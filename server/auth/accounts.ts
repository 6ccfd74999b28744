/**
 * User accounts and their browser sessions. A session cookie carries 32 random bytes; the database
 * keeps only their SHA-256, so a copy of the database does not let anyone sign in as anyone.
 */
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { Role } from '../../common/domain.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import type { Access } from '../http/access.ts'

export const SESSION_COOKIE = 'lagesbild_session'
/** A session lasts one long staff shift; after that the user signs in again. */
export const SESSION_HOURS = 12

/** An account as the API shows it: never the password hash. */
export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
})
export type UserView = z.infer<typeof UserView>

interface UserRow {
  id: string
  username: string
  display_name: string
  role: Role
  actor_id: string | null
  actor_name: string | null
  disabled: boolean
  created_at: Date | string
  created_by: string
  updated_at: Date | string
  updated_by: string
}

const userColumns = sql`u.id::text AS id, u.username, u.display_name, u.role, u.actor_id::text AS actor_id,
  a.name AS actor_name, u.disabled, u.created_at, u.created_by, u.updated_at, u.updated_by`

export const toUserView = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  organisation: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  disabled: r.disabled,
  createdAt: new Date(r.created_at).toISOString(),
  createdBy: r.created_by,
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by,
})

export async function listUsers(handle: Orm): Promise<UserView[]> {
  const rows = await queryRows<UserRow>(
    handle,
    sql`SELECT ${userColumns} FROM users u LEFT JOIN actors a ON a.id = u.actor_id ORDER BY u.username`,
  )
  return rows.map(toUserView)
}

export async function findUser(handle: Orm, id: string): Promise<UserView | undefined> {
  const [row] = await queryRows<UserRow>(
    handle,
    sql`SELECT ${userColumns} FROM users u LEFT JOIN actors a ON a.id = u.actor_id WHERE u.id::text = ${id}`,
  )
  return row && toUserView(row)
}

/** The stored hash of a username, for sign-in; `undefined` for an unknown or disabled account. */
export async function credentialsOf(
  handle: Orm,
  username: string,
): Promise<{ id: string; passwordHash: string } | undefined> {
  const [row] = await queryRows<{ id: string; password_hash: string }>(
    handle,
    sql`SELECT id::text AS id, password_hash FROM users WHERE username = ${username} AND NOT disabled`,
  )
  return row && { id: row.id, passwordHash: row.password_hash }
}

/** The account as recorded in the audit log: who it is and what rights it has, never its password. */
export const auditedAccount = (u: UserView) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  organisation: u.organisation,
  disabled: u.disabled,
})

export interface NewAccount {
  username: string
  displayName: string
  role: Role
  actorId: string | null
  passwordHash: string
}

/**
 * Creates an account and its audit record, written by `by` (an administrator's username, or
 * `cli:…` for `npm run user:add`). Returns `undefined` when the username is taken.
 */
export async function createAccount(
  handle: Orm,
  account: NewAccount,
  by: string,
  details?: Record<string, unknown>,
): Promise<UserView | undefined> {
  const [row] = await queryRows<{ id: string }>(
    handle,
    sql`INSERT INTO users (username, display_name, role, actor_id, password_hash, created_by, updated_by)
      VALUES (${account.username}, ${account.displayName}, ${account.role}, ${account.actorId}::uuid,
        ${account.passwordHash}, ${by}, ${by})
      ON CONFLICT (username) DO NOTHING RETURNING id::text AS id`,
  )
  if (!row) return undefined
  const created = (await findUser(handle, row.id)) as UserView
  await appendAudit(handle, {
    actor: by,
    action: AuditAction.create,
    entity: 'users',
    entityId: created.id,
    after: auditedAccount(created),
    ...(details ? { details } : {}),
  })
  return created
}

export const countAdmins = async (handle: Orm): Promise<number> => {
  const [row] = await queryRows<{ n: number }>(
    handle,
    sql`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`,
  )
  return Number(row?.n ?? 0)
}

const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** Starts a session and returns the token for the cookie. */
export async function startSession(
  handle: Orm,
  userId: string,
  userAgent: string | undefined,
  hours = SESSION_HOURS,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + hours * 3600_000)
  await queryRows(
    handle,
    sql`INSERT INTO user_sessions (token_hash, user_id, expires_at, user_agent)
      VALUES (${tokenHashOf(token)}, ${userId}::uuid, ${expiresAt.toISOString()}::timestamptz, ${userAgent?.slice(0, 300) ?? null})`,
  )
  return { token, expiresAt }
}

/**
 * The user behind a session token, if the session is live: not expired, not revoked, and the
 * account not disabled. Role and organisation are read fresh, so a change of rights takes effect
 * on the user's next request.
 */
export async function resolveSession(
  handle: Orm,
  token: string | undefined,
): Promise<{ access: Access; tokenHash: string; user: UserView } | undefined> {
  if (!token || token.length > 100) return undefined
  const tokenHash = tokenHashOf(token)
  const [row] = await queryRows<UserRow>(
    handle,
    sql`SELECT ${userColumns} FROM user_sessions s
      JOIN users u ON u.id = s.user_id LEFT JOIN actors a ON a.id = u.actor_id
      WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
  )
  if (!row) return undefined
  const user = toUserView(row)
  return {
    tokenHash,
    user,
    access: {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      actorId: row.actor_id,
    },
  }
}

export async function revokeSession(handle: Orm, tokenHash: string): Promise<void> {
  await queryRows(
    handle,
    sql`UPDATE user_sessions SET revoked_at = now() WHERE token_hash = ${tokenHash} AND revoked_at IS NULL`,
  )
}

/** Ends every live session of a user but `keep`; returns how many there were. */
export async function revokeUserSessions(handle: Orm, userId: string, keep?: string): Promise<number> {
  const rows = await queryRows(
    handle,
    sql`UPDATE user_sessions SET revoked_at = now()
      WHERE user_id = ${userId}::uuid AND revoked_at IS NULL AND expires_at > now()
        AND token_hash <> ${keep ?? ''} RETURNING token_hash`,
  )
  return rows.length
}

/** Live sessions per user, for the administrators' list. */
export async function liveSessionCounts(handle: Orm): Promise<Map<string, number>> {
  const rows = await queryRows<{ user_id: string; n: number }>(
    handle,
    sql`SELECT user_id::text AS user_id, count(*)::int AS n FROM user_sessions
      WHERE revoked_at IS NULL AND expires_at > now() GROUP BY user_id`,
  )
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]))
}
