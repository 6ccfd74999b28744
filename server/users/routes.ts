/**
 * `/api/users`: administrators create accounts, change their role, organisation and name, disable
 * them, reset passwords and end their sessions. Every change of rights is in the audit log with the
 * account before and after (never a password or its hash).
 */
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { Role } from '../../common/domain.ts'
import { Capability } from '../../common/permissions.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import {
  auditedAccount,
  countAdmins,
  createAccount,
  findUser,
  listUsers,
  liveSessionCounts,
  revokeUserSessions,
  type UserView,
} from '../auth/accounts.ts'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts'
import { type AppEnv, accessOf, requireCapability } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { readableJoin } from '../http/readable-join.ts'
import { validate } from '../http/validate.ts'
import type { SessionEvents } from '../realtime/live.ts'

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'usernames are 2 to 64 letters a-z, digits, dot, dash or underscore')

export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `passwords need at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH)

const DisplayName = z.string().trim().min(1, 'a display name is required').max(120)
const OrganisationId = z.uuid('organisationId must be the id of an actor').nullable()

// Note: strict like `UserChange`, so a field the API does not take (`createdBy`, `disabled`) is a
// 400 naming it rather than silently dropped.
export const NewUser = z
  .object({
    username: Username,
    displayName: DisplayName,
    role: Role,
    organisationId: OrganisationId.optional(),
    password: Password,
  })
  .strict()

export const UserChange = z
  .object({
    displayName: DisplayName.optional(),
    role: Role.optional(),
    organisationId: OrganisationId.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine(
    (v) => Object.keys(v).length > 0,
    'name at least one of displayName, role, organisationId, disabled',
  )

const IdParam = z.object({ id: z.uuid('the user id must be a UUID') })

async function requireActor(handle: Orm, id: string | null | undefined): Promise<void> {
  if (!id) return
  const rows = await queryRows(handle, sql`SELECT 1 FROM actors WHERE id = ${id}::uuid`)
  if (rows.length === 0) throw new HttpError(400, 'validation_failed', `No organisation with id ${id}`)
}

export function userRoutes(db: Database, events?: SessionEvents) {
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      requireCapability(accessOf(c), Capability.manageUsers)
      await next()
    })
    .get('/', async (c) => {
      const [users, sessions] = await Promise.all([listUsers(db.orm), liveSessionCounts(db.orm)])
      return c.json({ users: users.map((u) => ({ ...u, liveSessions: sessions.get(u.id) ?? 0 })) })
    })
    .post('/', validate('json', NewUser), async (c) => {
      const input = c.req.valid('json')
      const by = accessOf(c).username
      const passwordHash = await hashPassword(input.password)
      const user = await db.transaction(async (tx) => {
        await requireActor(tx, input.organisationId)
        const created = await createAccount(
          tx,
          {
            username: input.username,
            displayName: input.displayName,
            role: input.role,
            actorId: input.organisationId ?? null,
            passwordHash,
          },
          by,
        )
        if (!created) throw new HttpError(409, 'conflict', `The username ${input.username} is taken`)
        return created
      })
      return c.json({ user }, 201)
    })
    .patch('/:id', validate('param', IdParam), validate('json', UserChange), async (c) => {
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const access = accessOf(c)
      const user = await db.transaction(async (tx) => {
        // Note: the row lock serialises two administrators changing the same account.
        await queryRows(tx, sql`SELECT 1 FROM users WHERE id = ${id}::uuid FOR UPDATE`)
        const before = await findUser(tx, id)
        if (!before) throw notFound(`No user ${id}`)
        await requireActor(tx, change.organisationId)
        const losesAdmin =
          before.role === 'admin' &&
          !before.disabled &&
          ((change.role !== undefined && change.role !== 'admin') || change.disabled === true)
        if (losesAdmin && (await countAdmins(tx)) <= 1)
          throw new HttpError(409, 'conflict', 'The last active administrator cannot lose that role')
        if (id === access.userId && change.disabled === true)
          throw new HttpError(409, 'conflict', 'You cannot disable your own account')
        await queryRows(
          tx,
          sql`UPDATE users SET
            display_name = coalesce(${change.displayName ?? null}, display_name),
            role = coalesce(${change.role ?? null}, role),
            actor_id = ${change.organisationId === undefined ? sql`actor_id` : sql`${change.organisationId}::uuid`},
            disabled = coalesce(${change.disabled ?? null}::boolean, disabled),
            updated_by = ${access.username}, updated_at = now()
          WHERE id = ${id}::uuid`,
        )
        const after = (await findUser(tx, id)) as UserView
        const rightsChanged =
          before.role !== after.role ||
          before.disabled !== after.disabled ||
          before.organisation?.id !== after.organisation?.id
        const revoked = after.disabled && !before.disabled ? await revokeUserSessions(tx, id) : 0
        await appendAudit(tx, {
          actor: access.username,
          action: rightsChanged ? AuditAction.rights : AuditAction.update,
          entity: 'users',
          entityId: id,
          before: auditedAccount(before),
          after: auditedAccount(after),
          ...(revoked ? { details: { sessionsEnded: revoked } } : {}),
        })
        return { after, rightsChanged }
      })
      if (user.after.disabled) events?.sessionsEnded({ userId: id })
      else if (user.rightsChanged) events?.rightsChanged({ userId: id })
      return c.json({ user: user.after })
    })
    .post(
      '/:id/password',
      validate('param', IdParam),
      validate('json', z.object({ password: Password })),
      async (c) => {
        const { id } = c.req.valid('param')
        const access = accessOf(c)
        const passwordHash = await hashPassword(c.req.valid('json').password)
        await db.transaction(async (tx) => {
          const rows = await queryRows(
            tx,
            sql`UPDATE users SET password_hash = ${passwordHash}, updated_by = ${access.username}, updated_at = now()
            WHERE id = ${id}::uuid RETURNING id`,
          )
          if (rows.length === 0) throw notFound(`No user ${id}`)
          // Note: a reset password ends the user's sessions, since it is often done because the old
          // one leaked; an administrator resetting their own keeps the session they are using.
          const revoked = await revokeUserSessions(tx, id, c.get('sessionTokenHash'))
          await appendAudit(tx, {
            actor: access.username,
            action: AuditAction.rights,
            entity: 'users',
            entityId: id,
            details: { passwordReset: true, sessionsEnded: revoked },
          })
        })
        if (id !== access.userId) events?.sessionsEnded({ userId: id })
        return c.body(null, 204)
      },
    )
    .post('/:id/sessions/revoke', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      const access = accessOf(c)
      const revoked = await db.transaction(async (tx) => {
        if (!(await findUser(tx, id))) throw notFound(`No user ${id}`)
        const n = await revokeUserSessions(tx, id)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.rights,
          entity: 'users',
          entityId: id,
          details: { sessionsEnded: n },
        })
        return n
      })
      events?.sessionsEnded({ userId: id })
      return c.json({ revoked })
    })
}

/**
 * `/api/organisations`: the actors a user can belong to, for forms and for showing who is who: those
 * of the actor register the caller may read.
 */
export function organisationRoutes(db: Database) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const rows = await queryRows<{ id: string; name: string; actor_type: string }>(
      db.orm,
      sql`SELECT a.id::text AS id, a.name, a.actor_type FROM actors a
        WHERE ${readableJoin(accessOf(c), 'a', 'actors')} ORDER BY a.name`,
    )
    return c.json({ organisations: rows.map((r) => ({ id: r.id, name: r.name, actorType: r.actor_type })) })
  })
}
