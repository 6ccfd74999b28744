/**
 * The audit trail (*spårbarhet*): every create, update and delete, every login and failed login,
 * every export and every change of rights is appended here, in the same transaction as the change
 * itself, so a write without its record cannot exist. The table is append-only: the application has
 * no update or delete path, and a trigger (migration 0002) refuses them from anyone else.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { AuditAction, AuditFilter, AuditRecord } from '../../common/audit.ts'
import { containsPattern, type Orm, queryRows } from '../../db/client.ts'
import { auditLog } from '../../db/schema.ts'

export { AuditAction, type AuditRecord } from '../../common/audit.ts'

export interface AuditEntry {
  /** The username of who did it, or `system`. */
  actor: string
  action: AuditAction
  /** What kind of thing: a table or layer name (`critical-assets`, `users`, `session`). */
  entity: string
  entityId?: string | null
  before?: unknown
  after?: unknown
  /** Context: the request's address and user agent, an export's size and classification, and so on. */
  details?: Record<string, unknown>
}

/** Appends one record. Pass the transaction handle of the change it records. */
export async function appendAudit(handle: Orm, entry: AuditEntry): Promise<void> {
  await handle.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    details: entry.details ?? null,
  })
}

/** The filters as the routes validated them, the free text named for what it is, and a page. */
export interface AuditQuery extends Omit<AuditFilter, 'q'> {
  text?: string
  limit: number
  offset: number
}

function conditions(q: Omit<AuditQuery, 'limit' | 'offset'>): SQL {
  const parts: SQL[] = [sql`true`]
  if (q.actor) parts.push(sql`actor = ${q.actor}`)
  if (q.action) parts.push(sql`action = ${q.action}`)
  if (q.entity) parts.push(sql`entity = ${q.entity}`)
  if (q.entityId) parts.push(sql`entity_id = ${q.entityId}`)
  if (q.from) parts.push(sql`at >= ${q.from}::timestamptz`)
  if (q.to) parts.push(sql`at < ${q.to}::timestamptz`)
  if (q.text) {
    const p = containsPattern(q.text)
    parts.push(sql`(actor ILIKE ${p} OR entity ILIKE ${p} OR entity_id ILIKE ${p}
      OR before::text ILIKE ${p} OR after::text ILIKE ${p} OR details::text ILIKE ${p})`)
  }
  return sql.join(parts, sql` AND `)
}

/** Newest first, with the total that matches for paging. */
export async function queryAudit(
  handle: Orm,
  q: AuditQuery,
): Promise<{ entries: AuditRecord[]; total: number }> {
  const where = conditions(q)
  const rows = await queryRows<{
    id: string | number
    at: Date | string
    actor: string
    action: AuditAction
    entity: string
    entity_id: string | null
    before: unknown
    after: unknown
    details: Record<string, unknown> | null
  }>(
    handle,
    sql`SELECT id, at, actor, action, entity, entity_id, before, after, details FROM audit_log
      WHERE ${where} ORDER BY id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  )
  const [count] = await queryRows<{ n: number }>(
    handle,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`,
  )
  return {
    total: Number(count?.n ?? 0),
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      details: r.details,
    })),
  }
}
