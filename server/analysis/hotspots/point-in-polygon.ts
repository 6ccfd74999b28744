/**
 * Which polygon holds a point, for many points: rings' edges bucketed in horizontal bands so each
 * test crosses only the edges of its band (even-odd rule, so holes work). Used to count incidents per
 * district and to lay the grid over the municipality, in SWEREF 99 TM.
 */
import type { PolygonRings, XY } from './weights.ts'

interface Edge {
  x1: number
  y1: number
  x2: number
  y2: number
  owner: number
}

export class PolygonLookup {
  private readonly bands: Edge[][]
  private readonly minY: number
  private readonly height: number
  private readonly owners: number

  constructor(polygons: readonly PolygonRings[], bandCount = 256) {
    const edges: Edge[] = []
    polygons.forEach((rings, owner) => {
      for (const ring of rings)
        for (let k = 0; k < ring.length - 1; k++) {
          const [x1, y1] = ring[k]!
          const [x2, y2] = ring[k + 1]!
          if (y1 !== y2) edges.push({ x1, y1, x2, y2, owner })
        }
    })
    this.owners = polygons.length
    this.minY = Math.min(...edges.map((e) => Math.min(e.y1, e.y2)))
    const maxY = Math.max(...edges.map((e) => Math.max(e.y1, e.y2)))
    this.height = (maxY - this.minY) / bandCount || 1
    this.bands = Array.from({ length: bandCount }, () => [])
    for (const e of edges) {
      const lo = this.band(Math.min(e.y1, e.y2))
      const hi = this.band(Math.max(e.y1, e.y2))
      for (let b = lo; b <= hi; b++) this.bands[b]!.push(e)
    }
  }

  private band(y: number): number {
    return Math.min(this.bands.length - 1, Math.max(0, Math.floor((y - this.minY) / this.height)))
  }

  /** The position of the first polygon holding the point, or −1. */
  find([x, y]: XY): number {
    const inside = new Uint8Array(this.owners)
    if (y < this.minY || y > this.minY + this.height * this.bands.length) return -1
    for (const e of this.bands[this.band(y)]!) {
      // Half-open in y so a vertex on the ray is counted once.
      if (e.y1 > y !== e.y2 > y && x < ((e.x2 - e.x1) * (y - e.y1)) / (e.y2 - e.y1) + e.x1)
        inside[e.owner]! ^= 1
    }
    return inside.indexOf(1)
  }
}
