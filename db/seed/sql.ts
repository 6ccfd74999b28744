/**
 * Small helpers to write through drizzle inside the seed's transaction, on either driver.
 */
import type { SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Orm } from '../client.ts'

/** Runs a statement and returns its rows: PGlite answers `{ rows }`, postgres.js an array. */
export async function rows<Row = Record<string, unknown>>(tx: Orm, statement: SQL): Promise<Row[]> {
  const result = (await tx.execute(statement)) as unknown as Row[] | { rows: Row[] }
  return Array.isArray(result) ? Array.from(result) : result.rows
}

/**
 * Inserts rows in multi-row statements of `batchSize`, keeping well under PostgreSQL's 65,535
 * parameters per statement.
 */
export async function insertAll<T extends PgTable>(
  tx: Orm,
  table: T,
  values: T['$inferInsert'][],
  batchSize = 500,
): Promise<number> {
  for (let i = 0; i < values.length; i += batchSize) {
    await tx.insert(table).values(values.slice(i, i + batchSize) as never)
  }
  return values.length
}
