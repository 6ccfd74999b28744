/**
 * The demo accounts, one per role, each belonging to an organisation of the demo actor register.
 * Only demo mode creates them (never `NODE_ENV=production`); they share one password, given as
 * `DEMO_PASSWORD` or made at random at first start and kept in `DATA_DIR` (see `demoPassword`).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import type { Role } from '../../common/domain.ts'
import { type Database, queryRows } from '../client.ts'
import { auditLog } from '../schema.ts'
import { SEED_USER } from './context.ts'

export interface DemoUser {
  username: string
  displayName: string
  role: Role
  /** The start of the organisation's name in the demo actor register. */
  organisation: string
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: 'Alva Admin (demo)', role: 'admin', organisation: 'IT-avdelningen' },
  {
    username: 'krisledare',
    displayName: 'Kim Krisledare (demo)',
    role: 'crisis',
    organisation: 'Kommunledningsförvaltningen',
  },
  {
    username: 'analytiker',
    displayName: 'Ana Analytiker (demo)',
    role: 'analyst',
    organisation: 'Kommunledningsförvaltningen',
  },
  { username: 'polis', displayName: 'Per Polis (demo)', role: 'police', organisation: 'Polisen' },
  {
    username: 'planerare',
    displayName: 'Pia Planerare (demo)',
    role: 'planner',
    organisation: 'Samhällsbyggnadsförvaltningen',
  },
  {
    username: 'lasare',
    displayName: 'Lars Läsare (demo)',
    role: 'viewer',
    organisation: 'Socialförvaltningen',
  },
]

/**
 * The demo password: `DEMO_PASSWORD` when set; otherwise the one kept in `DATA_DIR/demo-password`,
 * made at random (and reported as new, to be printed once) when that file does not exist yet.
 */
export function demoPassword(dataDir: string, fromEnv?: string): { password: string; generated: boolean } {
  if (fromEnv) return { password: fromEnv, generated: false }
  const file = join(dataDir, 'demo-password')
  if (existsSync(file)) return { password: readFileSync(file, 'utf8').trim(), generated: false }
  const password = randomBytes(12).toString('base64url')
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, `${password}\n`, { mode: 0o600 })
  return { password, generated: true }
}

/** Creates the demo accounts that do not exist yet; returns the usernames created. */
export async function seedDemoUsers(db: Database, password: string): Promise<string[]> {
  // Note: every demo start comes here; when the accounts exist, the argon2 hash is not worth making.
  const [existing] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM users WHERE username IN (${sql.join(
      DEMO_USERS.map((u) => sql`${u.username}`),
      sql`, `,
    )})`,
  )
  if (Number(existing?.n) === DEMO_USERS.length) return []
  const passwordHash = await hash(password)
  return db.transaction(async (tx) => {
    const created: string[] = []
    for (const u of DEMO_USERS) {
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`INSERT INTO users (username, display_name, role, actor_id, password_hash, created_by, updated_by)
          VALUES (${u.username}, ${u.displayName}, ${u.role},
            (SELECT id FROM actors WHERE name LIKE ${`${u.organisation}%`} ORDER BY name LIMIT 1),
            ${passwordHash}, ${SEED_USER}, ${SEED_USER})
          ON CONFLICT (username) DO NOTHING RETURNING id::text AS id`,
      )
      const id = rows[0]?.id
      if (!id) continue
      created.push(u.username)
      await tx.insert(auditLog).values({
        actor: SEED_USER,
        action: 'create',
        entity: 'users',
        entityId: id,
        after: { username: u.username, displayName: u.displayName, role: u.role },
        details: { demo: true },
      })
    }
    return created
  })
}
