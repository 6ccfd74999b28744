/**
 * Disclosure control by the cell-key method, as the Australian Bureau of Statistics (TableBuilder)
 * and the Office for National Statistics (Census 2021) use it, for every count shown to a role
 * that may not read the records behind it: the incident twin now, hotspots, trends and the
 * council's report as they come.
 *
 * Each record has a fixed key in 0..255, derived from its id with a secret the database drew at
 * migration. A cell's key is the sum of its records' keys modulo 256, and the noise added to the
 * cell's true count is read from a fixed table at (count, cell key); published counts under the
 * threshold are suppressed. So the same cell with the same content always gets the same answer
 * (asking again averages nothing away), while two cells whose contents differ by one record get
 * independent noise (their difference does not show the record).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { type SQL, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'

const Noise = z.object({ cellKeys: z.tuple([z.number().int(), z.number().int()]), add: z.number().int() })
const PerturbationTable = z.object({
  version: z.number().int(),
  cellKeyRange: z.number().int().positive(),
  threshold: z.number().int().positive(),
  rows: z.array(
    z.object({
      minCount: z.number().int().positive(),
      maxCount: z.number().int().nullable(),
      noise: z.array(Noise),
    }),
  ),
})
export type PerturbationTable = z.infer<typeof PerturbationTable>

/** Checks that every row covers every cell key exactly once, in order. */
function checked(table: PerturbationTable): PerturbationTable {
  for (const row of table.rows) {
    let next = 0
    for (const { cellKeys } of row.noise) {
      if (cellKeys[0] !== next || cellKeys[1] < cellKeys[0])
        throw new Error(`perturbation table: row from ${row.minCount} does not cover key ${next} once`)
      next = cellKeys[1] + 1
    }
    if (next !== table.cellKeyRange)
      throw new Error(`perturbation table: row from ${row.minCount} stops at key ${next - 1}`)
  }
  return table
}

/** The table in force, from `data/disclosure/perturbation-table.json`. */
export const perturbationTable: PerturbationTable = checked(
  PerturbationTable.parse(
    JSON.parse(
      readFileSync(new URL('../../data/disclosure/perturbation-table.json', import.meta.url), 'utf8'),
    ),
  ),
)

/** Published counts under this are suppressed. */
export const DISCLOSURE_THRESHOLD = perturbationTable.threshold
export const CELL_KEY_RANGE = perturbationTable.cellKeyRange

/** The noise the table adds to a true count at a cell key. */
export function perturbation(count: number, cellKey: number, table = perturbationTable): number {
  const row = table.rows.find((r) => count >= r.minCount && (r.maxCount === null || count <= r.maxCount))
  const cell = row?.noise.find((n) => cellKey >= n.cellKeys[0] && cellKey <= n.cellKeys[1])
  if (!cell) throw new Error(`perturbation table has no entry for count ${count} at cell key ${cellKey}`)
  return cell.add
}

/**
 * The count to publish for a cell with `count` records whose keys sum to `cellKey` (mod the key
 * range), or null when it is suppressed. An empty cell is never published.
 */
export function publishedCount(count: number, cellKey: number, table = perturbationTable): number | null {
  if (!Number.isInteger(count) || count < 0) throw new Error(`not a count: ${count}`)
  if (!Number.isInteger(cellKey) || cellKey < 0 || cellKey >= table.cellKeyRange)
    throw new Error(`not a cell key: ${cellKey}`)
  if (count === 0) return null
  const published = count + perturbation(count, cellKey, table)
  return published >= table.threshold ? published : null
}

/** A cell as counted from the records: how many, and the sum of their record keys. */
export interface CellContent<Cell> {
  cell: Cell
  count: number
  cellKey: number
}

/**
 * The one entry point for an aggregate shown without clearance: the cells that may be published,
 * each with its published count. Suppressed cells are left out, not marked, so that an answer does
 * not tell a suppressed cell (one to four records) from an empty one.
 */
export function publishCells<Cell>(cells: Iterable<CellContent<Cell>>): { cell: Cell; count: number }[] {
  const out: { cell: Cell; count: number }[] = []
  for (const c of cells) {
    const count = publishedCount(c.count, c.cellKey)
    if (count !== null) out.push({ cell: c.cell, count })
  }
  return out
}

/** The cell key of a set of records from their record keys. */
export const cellKeyOf = (recordKeys: Iterable<number>): number => {
  let sum = 0
  for (const k of recordKeys) sum = (sum + k) % CELL_KEY_RANGE
  return sum
}

const SECRET_KEY = 'disclosure_secret'

/** The secret of this database, for computing record keys outside SQL. */
export async function disclosureSecret(db: Pick<Database, 'query'>): Promise<string> {
  const [row] = await db.query<{ secret: string | null }>(
    sql`SELECT value #>> '{}' AS secret FROM app_meta WHERE key = ${SECRET_KEY}`,
  )
  if (!row?.secret) throw new Error('the database has no disclosure secret; run the migrations')
  return row.secret
}

/**
 * A record's key: the first byte of md5(secret ':' id). The same in SQL (`recordKeySql`), so a
 * count can be made in the database or in the app with the same noise.
 */
export const recordKeyOf = (secret: string, id: string): number =>
  createHash('md5').update(`${secret}:${id}`).digest()[0]!

/** `recordKeyOf` in SQL for an id column (text). The secret is read once per statement. */
export const recordKeySql = (id: SQL): SQL =>
  sql`('x' || substr(md5((SELECT value #>> '{}' FROM app_meta WHERE key = ${SECRET_KEY}) || ':' || ${id}), 1, 2))::bit(8)::int`

/**
 * The cell key of the rows grouped into a cell, as an aggregate expression for a GROUP BY query.
 * Note: without a secret in the database this is NULL and `publishedCount` refuses it, so a
 * missing migration fails closed rather than publishing unperturbed counts.
 */
export const cellKeySql = (id: SQL): SQL => sql`(sum(${recordKeySql(id)}) % ${CELL_KEY_RANGE}::int)::int`
