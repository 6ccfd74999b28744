/**
 * The one place that decides who is asking and what they may see. Every route behind the guard
 * reads its caller through `accessOf(c)`; what a role may do comes from `common/permissions.ts`.
 */
import type { SQL } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import type { Classification, Role } from '../../common/domain.ts'
import type { LayerGroup, LayerInfo } from '../../common/layers.ts'
import {
  type Capability,
  clearanceIn,
  may,
  mayEditLayer,
  mayExport,
  mayReadLayer,
} from '../../common/permissions.ts'
import { HttpError } from './errors.ts'

/** The signed-in user behind a request. */
export interface Access {
  userId: string
  username: string
  displayName: string
  role: Role
  /** The organisation (actor) the user belongs to. */
  actorId: string | null
}

export type AppEnv = { Variables: { access: Access; sessionTokenHash: string } }

export function accessOf(c: Context<AppEnv>): Access {
  return c.get('access')
}

/** The classifications this caller may read in a theme. */
export const clearanceOf = (access: Access, group: LayerGroup): readonly Classification[] =>
  clearanceIn(access.role, group)

/** A WHERE condition on a layer source's `s.classification` for this caller. */
export const cleared = (access: Access, group: LayerGroup): SQL =>
  sql`s.classification IN (${sql.join(
    clearanceOf(access, group).map((c) => sql`${c}`),
    sql`, `,
  )})`

export const forbidden = (message: string) => new HttpError(403, 'forbidden', message)

export function requireCapability(access: Access, capability: Capability): void {
  if (!may(access.role, capability))
    throw forbidden(`The role ${access.role} may not do this (${capability})`)
}

/**
 * A layer the caller may not read answers like one that does not exist, so that its name tells
 * nothing about what the caller is missing beyond the public catalogue.
 */
export function requireReadableLayer(access: Access, layer: LayerInfo): void {
  if (!mayReadLayer(access.role, layer)) throw new HttpError(404, 'not_found', `No layer named ${layer.id}`)
}

export function requireEditableLayer(access: Access, layer: LayerInfo): void {
  requireReadableLayer(access, layer)
  if (!mayEditLayer(access.role, layer.id))
    throw forbidden(`The role ${access.role} may not edit the layer ${layer.id}`)
}

export function requireExportableLayer(access: Access, layer: LayerInfo): void {
  requireReadableLayer(access, layer)
  if (!mayExport(access.role, layer))
    throw forbidden(`The role ${access.role} may not export the layer ${layer.id}`)
}

/** Builds a guard from a resolver of the request's session; the auth module supplies it. */
export function sessionGuard(
  resolve: (c: Context<AppEnv>) => Promise<{ access: Access; tokenHash: string } | undefined>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await resolve(c)
    if (!session) throw new HttpError(401, 'unauthorized', 'Sign in first: no valid session')
    c.set('access', session.access)
    c.set('sessionTokenHash', session.tokenHash)
    await next()
  }
}
