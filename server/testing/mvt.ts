/** Decodes a Mapbox Vector Tile for tests and benchmarks: layer name → features with properties. */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'

export interface DecodedFeature {
  type: number
  properties: Record<string, string | number | boolean>
  geometry: { x: number; y: number }[][]
}

export function decodeTile(bytes: Uint8Array): Record<string, DecodedFeature[]> {
  const tile = new VectorTile(new PbfReader(bytes))
  const out: Record<string, DecodedFeature[]> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = []
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i)
      out[name].push({
        type: f.type,
        properties: f.properties as DecodedFeature['properties'],
        geometry: f.loadGeometry().map((ring) => ring.map((p) => ({ x: p.x, y: p.y }))),
      })
    }
  }
  return out
}
