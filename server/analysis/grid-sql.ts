/**
 * The SQL twin of `common/grid.ts`'s `cellAt`: the cell of a point given by SWEREF 99 TM columns,
 * computed in the database so a query can count per cell without sending points to the app.
 */
import { type SQL, sql } from 'drizzle-orm'
import { axialFactors, GridShape, type GridSpec } from '../../common/grid.ts'

/**
 * A LATERAL subquery yielding `cell_col` and `cell_row` for the point (x, y) in SWEREF 99 TM, e.g.
 * `FROM incidents t, ${gridCellLateral(spec, sql`t.sweref99_x`, sql`t.sweref99_y`)} g`.
 *
 * Note: the arithmetic follows `cellAt` operation by operation (the same factors as parameters,
 * `floor(v + 0.5)` for rounding, `fs` formed before its distance), because doubles give the same
 * result only for the same operations in the same order, and a point on a border must fall alike.
 */
export function gridCellLateral(spec: GridSpec, x: SQL, y: SQL): SQL {
  if (spec.shape === GridShape.square) {
    const size = spec.sizeMetres
    return sql`LATERAL (SELECT floor(${x} / ${size}::float8)::int AS cell_col,
      floor(${y} / ${size}::float8)::int AS cell_row)`
  }
  const { qx, rx, ry } = axialFactors(spec)
  return sql`LATERAL (
    SELECT (CASE WHEN h.dq > h.dr AND h.dq > h.ds THEN -h.rr - h.rs ELSE h.rq END)::int AS cell_col,
      (CASE WHEN h.dq > h.dr AND h.dq > h.ds THEN h.rr WHEN h.dr > h.ds THEN -h.rq - h.rs ELSE h.rr END)::int AS cell_row
    FROM (
      SELECT r.rq, r.rr, r.rs, abs(r.rq - r.fq) AS dq, abs(r.rr - r.fr) AS dr, abs(r.rs - r.fs) AS ds
      FROM (
        SELECT f.fq, f.fr, f.fs, floor(f.fq + 0.5::float8) AS rq, floor(f.fr + 0.5::float8) AS rr,
          floor(f.fs + 0.5::float8) AS rs
        FROM (SELECT a.fq, a.fr, -a.fq - a.fr AS fs
              FROM (SELECT ${x} * ${qx}::float8 AS fq, ${x} * ${rx}::float8 + ${y} * ${ry}::float8 AS fr) a) f
      ) r
    ) h)`
}
