/** Pure geographic helpers shared by client and server: bounding boxes, tile addresses, projections. */
import { z } from 'zod'

/** SWEREF 99 TM (EPSG:3006), the national grid in which distances and areas are computed. */
export const SWEREF99TM_PROJ4 = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs'

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number]

/**
 * Parses `minLon,minLat,maxLon,maxLat` in WGS 84. Returns a message instead of throwing so the
 * caller can answer with a precise 400.
 */
export function parseBBox(text: string): { bbox: BBox } | { error: string } {
  const parts = text.split(',')
  if (parts.length !== 4) return { error: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' }
  // Note: decimal notation only; Number() would also take `0x1F`, `0b1` and `Infinity`.
  const nums = parts.map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : Number.NaN))
  if (nums.some((n) => !Number.isFinite(n))) return { error: 'bbox values must be finite numbers' }
  const [minLon, minLat, maxLon, maxLat] = nums as BBox
  if (minLon < -180 || maxLon > 180) return { error: 'bbox longitudes must lie within -180..180' }
  if (minLat < -90 || maxLat > 90) return { error: 'bbox latitudes must lie within -90..90' }
  if (minLon > maxLon || minLat > maxLat) return { error: 'bbox minimum must not exceed maximum' }
  return { bbox: [minLon, minLat, maxLon, maxLat] }
}

export const MAX_TILE_ZOOM = 22

/** A web-mercator tile address; `z` 0..22, `x` and `y` 0..2^z-1. */
export const TileAddress = z
  .object({
    z: z.coerce.number().int().min(0).max(MAX_TILE_ZOOM),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'x and y must be below 2^z' })
export type TileAddress = z.infer<typeof TileAddress>

/** The WGS 84 bounds of a tile, for filtering with a GiST index before clipping. */
export function tileToBBox({ z, x, y }: TileAddress): BBox {
  const n = 2 ** z
  const lon = (xx: number) => (xx / n) * 360 - 180
  const lat = (yy: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * yy) / n))) * 180) / Math.PI
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)]
}

/** The tile containing a WGS 84 point at a zoom. */
export function lonLatToTile(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const rad = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  return { z, x: Math.min(Math.max(x, 0), n - 1), y: Math.min(Math.max(y, 0), n - 1) }
}
