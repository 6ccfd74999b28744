import { classifyRings, VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { encodeTile, flattenProperties, ringArea2, toVtFeature } from './mvt-encode.ts'

const decode = (bytes: Uint8Array) => new VectorTile(new PbfReader(bytes))

/** A square ring, counter-clockwise on screen (negative area by the MVT formula), closed as GeoJSON closes it. */
const square = (x: number, y: number, size: number) => [
  [x, y],
  [x, y + size],
  [x + size, y + size],
  [x + size, y],
  [x, y],
]

describe('flattenProperties', () => {
  it('keeps strings, finite numbers and booleans and drops nulls, objects, arrays and NaN', () => {
    expect(
      flattenProperties({
        s: 'a',
        n: 2,
        f: 1.5,
        b: false,
        z: null,
        u: undefined,
        o: { a: 1 },
        a: [1],
        nan: Number.NaN,
      }),
    ).toEqual({ s: 'a', n: 2, f: 1.5, b: false })
  })
})

describe('ringArea2', () => {
  it('is positive for a ring clockwise on screen (y down), the MVT exterior', () => {
    expect(
      ringArea2([
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    ).toBe(200)
  })
})

describe('encodeTile', () => {
  it('writes nothing at all for a tile without features', () => {
    expect(encodeTile([{ name: 'empty', features: [] }])).toHaveLength(0)
    expect(encodeTile([])).toHaveLength(0)
  })

  it('encodes points, multipoints and lines with flat properties', () => {
    const tile = decode(
      encodeTile([
        {
          name: 'things',
          features: [
            {
              geometry: { type: 'Point', coordinates: [100, 200] },
              properties: { id: 'a', count: 3, nested: { x: 1 } },
            },
            {
              geometry: {
                type: 'MultiPoint',
                coordinates: [
                  [1, 2],
                  [3, 4],
                ],
              },
              properties: { id: 'b' },
            },
            {
              geometry: {
                type: 'MultiLineString',
                coordinates: [
                  [
                    [0, 0],
                    [0, 0],
                    [50, 50],
                  ],
                  [
                    [7, 7],
                    [7, 7],
                  ],
                ],
              },
              properties: { id: 'c', fraction: 0.25, open: true },
            },
          ],
        },
      ]),
    )
    const layer = tile.layers.things
    expect(layer.version).toBe(2)
    expect(layer.extent).toBe(4096)
    expect(layer.length).toBe(3)
    const point = layer.feature(0)
    expect(point.type).toBe(1)
    expect(point.properties).toEqual({ id: 'a', count: 3 })
    expect(point.loadGeometry()).toEqual([[{ x: 100, y: 200 }]])
    // A multipoint is one MoveTo with two points, which the decoder hands back as two parts.
    expect(layer.feature(1).loadGeometry()).toEqual([[{ x: 1, y: 2 }], [{ x: 3, y: 4 }]])
    const line = layer.feature(2)
    expect(line.type).toBe(2)
    expect(line.properties).toEqual({ id: 'c', fraction: 0.25, open: true })
    // The repeated vertex is dropped and the part that collapsed to one point is gone.
    expect(line.loadGeometry()).toEqual([
      [
        { x: 0, y: 0 },
        { x: 50, y: 50 },
      ],
    ])
  })

  it('orients exteriors clockwise on screen and holes the other way, whatever the input winding', () => {
    const outer = square(0, 0, 100)
    const hole = [...square(20, 20, 10)].reverse()
    const tile = decode(
      encodeTile([
        {
          name: 'zones',
          features: [
            // Exterior given counter-clockwise on screen, hole clockwise: both must be turned.
            { geometry: { type: 'Polygon', coordinates: [outer, hole] }, properties: {} },
            {
              geometry: {
                type: 'MultiPolygon',
                coordinates: [[square(200, 200, 50)], [square(300, 300, 50), square(310, 310, 5)]],
              },
              properties: {},
            },
          ],
        },
      ]),
    )
    const withHole = tile.layers.zones.feature(0)
    const rings = withHole.loadGeometry()
    const area = (ring: { x: number; y: number }[]) => ringArea2(ring.map((p) => [p.x, p.y]))
    expect(rings).toHaveLength(2)
    expect(area(rings[0])).toBeGreaterThan(0)
    expect(area(rings[1])).toBeLessThan(0)
    expect(classifyRings(rings)).toHaveLength(1)
    const geojson = withHole.toGeoJSON(0, 0, 0)
    expect(geojson.geometry.type).toBe('Polygon')

    const multi = tile.layers.zones.feature(1).loadGeometry()
    const polygons = classifyRings(multi)
    expect(polygons.map((p) => p.length)).toEqual([1, 2])
  })

  it('drops polygons whose exterior collapsed, and collapsed holes, after snapping', () => {
    expect(
      toVtFeature(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [5, 0],
              [10, 0],
              [0, 0],
            ],
            square(1, 1, 1),
          ],
        },
        {},
      ),
    ).toBeUndefined()
    const kept = toVtFeature(
      {
        type: 'Polygon',
        coordinates: [
          square(0, 0, 10),
          [
            [2, 2],
            [2, 2],
            [2, 2],
            [2, 2],
          ],
        ],
      },
      {},
    )
    expect(kept?.geometry).toHaveLength(1)
  })

  it('keeps the highest dimension of a geometry collection', () => {
    const feature = toVtFeature(
      {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [1, 1] },
          {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [4, 4],
            ],
          },
        ],
      },
      {},
    )
    expect(feature?.type).toBe(2)
  })

  it('writes several layers into one tile', () => {
    const tile = decode(
      encodeTile([
        { name: 'a', features: [{ geometry: { type: 'Point', coordinates: [1, 1] }, properties: {} }] },
        { name: 'b', features: [] },
        { name: 'c', features: [{ geometry: { type: 'Point', coordinates: [2, 2] }, properties: {} }] },
      ]),
    )
    expect(Object.keys(tile.layers).sort()).toEqual(['a', 'c'])
  })
})
