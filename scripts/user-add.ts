/**
 * Creates an account from the command line: the way to make the first administrator of a
 * production installation, which never gets demo users.
 *
 *   npm run user:add -- --username anna --name "Anna Andersson" --role admin [--organisation "Kommunledningsförvaltningen"]
 *
 * The password is asked for twice without echo, or read from the environment as USER_PASSWORD (for
 * scripts), or from the first line of standard input when it is not a terminal. The database is
 * the server's (DATABASE_URL, or the PGlite in DATA_DIR, which must not be open in a running server).
 */

import { userInfo } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { Role } from '../common/domain.ts'
import { openDatabase, queryRows } from '../db/client.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { createAccount } from '../server/auth/accounts.ts'
import { hashPassword } from '../server/auth/passwords.ts'
import { loadConfig } from '../server/env.ts'
import { Password, Username } from '../server/users/routes.ts'

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    organisation: { type: 'string' },
  },
})

function fail(message: string): never {
  console.error(`user:add: ${message}`)
  process.exit(2)
}

const username = Username.safeParse(values.username ?? '')
if (!username.success) fail(`--username: ${username.error.issues[0]?.message}`)
const role = Role.safeParse(values.role)
if (!role.success) fail(`--role must be one of ${Role.options.join(', ')}`)
const displayName = values.name?.trim() || username.data

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin })
    for await (const line of rl) return line
    return ''
  }
  const ask = async (prompt: string) => {
    process.stdout.write(prompt)
    const muted = new Writable({ write: (_chunk, _enc, done) => done() })
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true })
    const answer = await new Promise<string>((resolve) => rl.question('', resolve))
    rl.close()
    process.stdout.write('\n')
    return answer
  }
  const first = await ask('Password: ')
  if ((await ask('Again: ')) !== first) fail('the passwords differ')
  return first
}

const password = Password.safeParse(await readPassword())
if (!password.success) fail(password.error.issues[0]?.message ?? 'invalid password')

const config = loadConfig()
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') })
try {
  await migrateDatabase(db)
  const hash = await hashPassword(password.data)
  const by = `cli:${userInfo().username}`
  const id = await db.transaction(async (tx) => {
    let actorId: string | null = null
    if (values.organisation) {
      const [actor] = await queryRows<{ id: string }>(
        tx,
        sql`SELECT id::text AS id FROM actors WHERE name ILIKE ${`${values.organisation}%`} ORDER BY name LIMIT 1`,
      )
      if (!actor) fail(`no organisation named ${values.organisation} in the actor register`)
      actorId = actor.id
    }
    const created = await createAccount(
      tx,
      { username: username.data, displayName, role: role.data, actorId, passwordHash: hash },
      by,
      { via: 'npm run user:add' },
    )
    if (!created) fail(`the username ${username.data} is taken`)
    return created.id
  })
  console.log(`created ${role.data} ${username.data} (${id})`)
} finally {
  await db.close()
}
