/**
 * One rule for joins: an attribute or a geometry taken from another row (an asset's owner from the
 * actor register, a dependency's provider, a link's two ends, a participant's organisation) is
 * shown only when the caller may read that joined row, that is when its classification is within
 * the caller's clearance in the joined row's own theme. Otherwise it is left out (SQL NULL, or the
 * row is left out when it cannot be drawn without it) or generalised (a withheld participant).
 *
 * Every layer source and every answer that joins builds its joins from these helpers, so that the
 * row's own classification decides whether the row is shown and the joined row's classification
 * decides what of the joined row comes with it. What is shown is marked as its most classified
 * part (`markingOf`), so an export carrying a joined name is stamped for that name too.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Classification } from '../../common/domain.ts'
import type { LayerGroup } from '../../common/layers.ts'
import { mayRead } from '../../common/permissions.ts'
import { type Access, clearanceOf } from './access.ts'

const aliasPattern = /^[a-z_][a-z0-9_]*$/

/**
 * Whether the caller may read the joined row `alias` (a table alias with a `classification` column)
 * of the theme `group`: a SQL condition, false too when the join found no row.
 */
export function readableJoin(access: Access, alias: string, group: LayerGroup): SQL {
  if (!aliasPattern.test(alias)) throw new Error(`not a table alias: ${alias}`)
  return sql`coalesce(${sql.raw(alias)}.classification IN (${sql.join(
    clearanceOf(access, group).map((c) => sql`${c}`),
    sql`, `,
  )}), false)`
}

/** `value` when the caller may read the joined row `alias`, else NULL (the attribute is left out). */
export const joinedValue = (access: Access, alias: string, group: LayerGroup, value: SQL): SQL =>
  sql`CASE WHEN ${readableJoin(access, alias, group)} THEN ${value} END`

/**
 * The classification of what a row shows: the most classified of its own and of each joined row
 * the caller may read (a joined row left out adds nothing). `joins` are `[alias, theme]` pairs.
 */
export function markingOf(
  access: Access,
  own: SQL,
  joins: readonly (readonly [alias: string, group: LayerGroup])[],
): SQL {
  const shown = joins.map(([alias, group]) =>
    joinedValue(access, alias, group, sql.raw(`${alias}.classification`)),
  )
  const levels = sql.join([own, ...shown], sql`, `)
  return sql`CASE WHEN 'restricted' IN (${levels}) THEN 'restricted'
    WHEN 'internal' IN (${levels}) THEN 'internal' ELSE 'open' END`
}

/** The same rule outside SQL, for rows already read: whether a joined row may be shown. */
export const mayReadJoined = (
  access: Pick<Access, 'role'>,
  group: LayerGroup,
  classification: Classification | string | null | undefined,
): boolean =>
  classification === 'open' || classification === 'internal' || classification === 'restricted'
    ? mayRead(access.role, group, classification)
    : false
