/**
 * The one grid of the analyses: flat-topped hexagons or squares laid in SWEREF 99 TM (EPSG:3006),
 * anchored at its origin, so that the incident twin, Gi*, kernel density and emerging hotspots count
 * in the same cells and a cell is the same cell in every query, every process and every year.
 *
 * The server's SQL twin of `cellAt` (`server/analysis/grid-sql.ts`) runs the same arithmetic in the
 * same order with the same constants, so a point lands in the same cell in JavaScript and PostGIS;
 * a test holds the two together.
 *
 * @example
 * const grid = { shape: 'hexagon', sizeMetres: 1000 } as const
 * cellId(cellAt(grid, [568_000, 6_496_000])) // '656:6168'
 */

export const GridShape = { hexagon: 'hexagon', square: 'square' } as const
export type GridShape = (typeof GridShape)[keyof typeof GridShape]

export interface GridSpec {
  shape: GridShape
  /** Hexagon: the distance between opposite sides ("1 km across"). Square: the side. */
  sizeMetres: number
}

/** An easting and a northing in SWEREF 99 TM, metres. */
export type SwerefXY = [x: number, y: number]

/** A cell's address: a hexagon's axial coordinates (q, r), or a square's column and row. */
export interface GridCell {
  col: number
  row: number
}

const SQRT3 = Math.sqrt(3)

/** A flat-topped hexagon's circumradius (centre to corner) from its size across the flats. */
export const hexagonRadius = (spec: GridSpec): number => spec.sizeMetres / SQRT3

/**
 * The factors that turn metres into fractional axial coordinates: fq = x·qx, fr = x·rx + y·ry.
 * Computed once here and handed to SQL as they are, so both ends multiply by the same doubles.
 */
export function axialFactors(spec: GridSpec): { qx: number; rx: number; ry: number } {
  const s = hexagonRadius(spec)
  return { qx: 2 / 3 / s, rx: -1 / 3 / s, ry: SQRT3 / 3 / s }
}

/**
 * Rounds half up, as `floor(v + 0.5)` does in SQL: `Math.round` and PostgreSQL's `round` treat
 * halves differently (towards +∞, away from zero, to even), and a point on a cell border must
 * go to the same cell on both ends.
 */
const roundHalfUp = (v: number): number => Math.floor(v + 0.5)

/**
 * The cell holding a point. Hexagons: axial coordinates by cube rounding (Red Blob Games'
 * hexagon guide); the component that rounded furthest is recomputed from the other two.
 */
export function cellAt(spec: GridSpec, [x, y]: SwerefXY): GridCell {
  if (spec.shape === GridShape.square)
    return cell(Math.floor(x / spec.sizeMetres), Math.floor(y / spec.sizeMetres))
  const { qx, rx, ry } = axialFactors(spec)
  const fq = x * qx
  const fr = x * rx + y * ry
  const fs = -fq - fr
  const rq = roundHalfUp(fq)
  const rr = roundHalfUp(fr)
  const rs = roundHalfUp(fs)
  const dq = Math.abs(rq - fq)
  const dr = Math.abs(rr - fr)
  const ds = Math.abs(rs - fs)
  if (dq > dr && dq > ds) return cell(-rr - rs, rr)
  if (dr > ds) return cell(rq, -rq - rs)
  return cell(rq, rr)
}

/** Note: `-0 - 0` is -0 in JavaScript, which prints as 0 but fails deep equality. */
const cell = (col: number, row: number): GridCell => ({ col: col + 0, row: row + 0 })

/** A cell's id within its grid: `col:row` (`q:r` for hexagons). */
export const cellId = ({ col, row }: GridCell): string => `${col}:${row}`

export function parseCellId(id: string): GridCell | undefined {
  const match = /^(-?\d{1,9}):(-?\d{1,9})$/.exec(id)
  return match ? { col: Number(match[1]), row: Number(match[2]) } : undefined
}

export function cellCentre(spec: GridSpec, { col, row }: GridCell): SwerefXY {
  if (spec.shape === GridShape.square) return [(col + 0.5) * spec.sizeMetres, (row + 0.5) * spec.sizeMetres]
  const s = hexagonRadius(spec)
  return [1.5 * s * col, SQRT3 * s * (row + col / 2)]
}

/** The cell's outline, counter-clockwise from the east (a closed ring, first corner repeated). */
export function cellRing(spec: GridSpec, cell: GridCell): SwerefXY[] {
  const [cx, cy] = cellCentre(spec, cell)
  if (spec.shape === GridShape.square) {
    const h = spec.sizeMetres / 2
    return [
      [cx + h, cy - h],
      [cx + h, cy + h],
      [cx - h, cy + h],
      [cx - h, cy - h],
      [cx + h, cy - h],
    ]
  }
  const s = hexagonRadius(spec)
  const corners = [0, 1, 2, 3, 4, 5].map((i): SwerefXY => {
    const angle = (Math.PI / 3) * i
    return [cx + s * Math.cos(angle), cy + s * Math.sin(angle)]
  })
  return [...corners, corners[0]!]
}

/** Every cell whose centre lies within a SWEREF 99 TM box (for laying the grid over an area). */
export function cellsCovering(
  spec: GridSpec,
  [minX, minY, maxX, maxY]: [number, number, number, number],
): GridCell[] {
  const lo = cellAt(spec, [minX, minY])
  const hi = cellAt(spec, [maxX, maxY])
  const cells: GridCell[] = []
  // Note: a hexagon row runs diagonally in axial coordinates, so the row range is widened by the
  // column span and the centres are filtered.
  const span = spec.shape === GridShape.hexagon ? Math.ceil((hi.col - lo.col) / 2) + 1 : 0
  for (let col = lo.col - 1; col <= hi.col + 1; col++)
    for (let row = lo.row - span - 1; row <= hi.row + span + 1; row++) {
      const [x, y] = cellCentre(spec, { col, row })
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) cells.push({ col, row })
    }
  return cells
}
