/**
 * The one place that decides what a request may see. Every route reads its access through
 * `accessOf(c)`; the guard middleware that sets it is the only thing accounts and roles change.
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { Classification } from '../../common/domain.ts'

export interface Access {
  /** Who is asking, for the audit trail. */
  username: string
  /** The classifications this caller may read. */
  clearance: readonly Classification[]
}

export type AppEnv = { Variables: { access: Access } }

/** Until accounts exist (the next issue), every caller is the local operator with full clearance. */
export const localOperatorGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('access', { username: 'local', clearance: ['open', 'internal', 'restricted'] })
  await next()
}

export function accessOf(c: Context<AppEnv>): Access {
  return c.get('access')
}
