/** The audit trail's vocabulary and record, shared by the server that writes it and the client that browses it. */

export const AuditAction = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  login: 'login',
  loginFailed: 'login_failed',
  logout: 'logout',
  export: 'export',
  rights: 'rights',
} as const
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction]

export const auditActions = Object.values(AuditAction) as [AuditAction, ...AuditAction[]]

/** One entry of the audit trail (*spårbarhet*): who did what to which object, when, before and after. */
export interface AuditRecord {
  id: number
  at: string
  actor: string
  action: AuditAction
  entity: string
  entityId: string | null
  before: unknown
  after: unknown
  details: Record<string, unknown> | null
}

/** The filters of `GET /api/audit` and its export, as the query string carries them. */
export interface AuditFilter {
  actor?: string
  action?: AuditAction
  entity?: string
  entityId?: string
  /** ISO 8601 date-times with an offset. */
  from?: string
  to?: string
  /** Free text matched against the actor, entity, id and the values. */
  q?: string
}
