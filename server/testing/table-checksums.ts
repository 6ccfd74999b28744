/**
 * Test helper: one checksum per table of stored data, to show that a run of requests changed
 * nothing. The audit log, sessions and app metadata are left out: refused requests may rightly add
 * to the first two (a failed sign-in is audited), and the third is the server's own bookkeeping.
 */
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'

export const UNCHECKED_TABLES = ['audit_log', 'user_sessions', 'app_meta', 'spatial_ref_sys'] as const

/** `{table: md5 of its rows in primary-key order}` for every table in the public schema but the unchecked. */
export async function tableChecksums(db: Database): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string; ident: string; key: string[] | string | null }>(sql`
    SELECT c.relname AS name, quote_ident(c.relname) AS ident,
      (SELECT array_agg(quote_ident(a.attname) ORDER BY k.n)
       FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, n)
       JOIN pg_attribute a ON a.attnum = k.attnum
       WHERE i.indrelid = c.oid AND i.indisprimary AND a.attrelid = c.oid) AS key
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE ns.nspname = 'public' AND c.relkind = 'r'
    ORDER BY c.relname`)
  const sums: Record<string, string> = {}
  for (const { name, ident, key } of tables) {
    if ((UNCHECKED_TABLES as readonly string[]).includes(name)) continue
    // Note: postgres.js hands a text[] over as an array, PGlite sometimes as its literal `{a,b}`.
    const columns = Array.isArray(key) ? key : key ? key.replace(/^\{|\}$/g, '').split(',') : []
    // A table without a primary key is ordered by its whole row, which is as deterministic.
    const order = columns.length > 0 ? columns.map((c) => `t.${c}`).join(', ') : 't::text'
    const [row] = await db.query<{ sum: string | null; n: number }>(
      sql.raw(
        `SELECT md5(string_agg(t::text, E'\\n' ORDER BY ${order})) AS sum, count(*)::int AS n FROM public.${ident} t`,
      ),
    )
    sums[name] = `${row?.n ?? 0}:${row?.sum ?? 'empty'}`
  }
  return sums
}
