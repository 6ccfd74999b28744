/**
 * Test and benchmark helper: a crowd of distinct signed-in users, for scenarios that need many
 * people in one crisis session (the realtime suite, the cluster test, the bench).
 *
 * The accounts are created in the database given, each in an organisation of the actor register,
 * with the demo password, so they can also sign in through `POST /api/auth/login`. Their sessions
 * are started directly (as sign-in does after checking the password), because signing a hundred
 * users in through the endpoint would spend a hundred argon2 verifications and meet the sign-in
 * rate limit. Calling it again with the same prefix reuses the accounts.
 */
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import type { Role } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { TEST_DEMO_PASSWORD } from '../../db/testing/test-database.ts'
import { SESSION_COOKIE, startSession } from '../auth/accounts.ts'

export interface CrowdMember {
  id: string
  username: string
  displayName: string
  role: Role
  /** The organisation (actor) the user belongs to. */
  actorId: string | null
  /** The `Cookie` header value of a live session. */
  cookie: string
}

export interface CrowdOptions {
  /** Usernames are `<prefix>-001`, `<prefix>-002`, … (default `crowd`). */
  prefix?: string
  /** Default `analyst`, a role that may draw in crisis sessions. */
  role?: Role
}

let passwordHash: Promise<string> | undefined

/** `n` users, created when missing, each with a fresh signed-in session. */
export async function createCrowd(
  db: Database,
  n: number,
  options: CrowdOptions = {},
): Promise<CrowdMember[]> {
  const prefix = options.prefix ?? 'crowd'
  const role = options.role ?? 'analyst'
  passwordHash ??= hash(TEST_DEMO_PASSWORD)
  const stored = await passwordHash
  const actors = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM actors ORDER BY name, id LIMIT 500`,
  )
  const members: CrowdMember[] = []
  for (let i = 1; i <= n; i++) {
    const username = `${prefix}-${String(i).padStart(3, '0')}`
    const displayName = `Deltagare ${i} (${prefix})`
    const actorId = actors.length > 0 ? actors[(i - 1) % actors.length]!.id : null
    const [row] = await db.query<{ id: string }>(
      sql`INSERT INTO users (username, display_name, role, actor_id, password_hash, created_by, updated_by)
        VALUES (${username}, ${displayName}, ${role}, ${actorId}::uuid, ${stored}, 'test-crowd', 'test-crowd')
        ON CONFLICT (username) DO UPDATE SET role = excluded.role, actor_id = excluded.actor_id, disabled = false
        RETURNING id::text AS id`,
    )
    const { token } = await startSession(db.orm, row!.id, 'test-crowd')
    members.push({ id: row!.id, username, displayName, role, actorId, cookie: `${SESSION_COOKIE}=${token}` })
  }
  return members
}
