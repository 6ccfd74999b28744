/**
 * Bad input to `POST /api/analysis/hotspots`: malformed collections, weights that name unknown
 * features or leave nobody a neighbour, too few features, values without variation, coordinates
 * that do not fit the crs said, oversize bodies, hostile text. Each gets a 4xx in the contract's
 * shape and nothing stored changes.
 */
import {
  type BadInput,
  badInputHarness,
  badInputTable,
  JSON_HEADERS,
  script,
  sqlInjection,
} from '../testing/bad-input.ts'

const h = badInputHarness()

const point = (id: string | number, x: number, y: number, value: unknown) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [x, y] },
  properties: { n: value },
})
const square = (id: string, x: number, y: number, value: number) => ({
  type: 'Feature',
  id,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 1, y],
        [x + 1, y + 1],
        [x, y + 1],
        [x, y],
      ],
    ],
  },
  properties: { n: value },
})
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features })
const sixPoints = [
  point('a', 10, 10, 2),
  point('b', 20, 10, 3),
  point('c', 40, 10, 3.2),
  point('d', 15, 20, 5),
  point('e', 30, 20, 8),
  point('f', 30, 30, 7),
]

const given = (
  body: Record<string, unknown>,
  as: BadInput['as'] = 'lasare',
): Omit<BadInput, 'name' | 'status'> => ({
  as,
  method: 'POST',
  path: '/api/analysis/hotspots',
  headers: JSON_HEADERS,
  body: {
    features: fc(sixPoints),
    valueProperty: 'n',
    crs: 'planar',
    weights: { type: 'distance', band: 15 },
    ...body,
  },
})
const stored = (
  body: Record<string, unknown>,
  as: BadInput['as'] = 'lasare',
): Omit<BadInput, 'name' | 'status'> => ({
  as,
  method: 'POST',
  path: '/api/analysis/hotspots',
  headers: JSON_HEADERS,
  body: { layer: 'incidents', ...body },
})

const rows: BadInput[] = [
  { name: 'not signed in', ...given({}), as: undefined, status: 401 },
  { name: 'malformed JSON', ...given({}), body: '{"features": ', status: 400 },
  {
    name: 'a FeatureCollection that is not one',
    ...given({ features: { type: 'FeatureCollection' } }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a feature without geometry',
    ...given({ features: fc([{ type: 'Feature', id: 'x', properties: { n: 1 } }]) }),
    status: 400,
  },
  {
    name: 'a line among the features',
    ...given({
      features: fc([
        {
          type: 'Feature',
          id: 'x',
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
          properties: { n: 1 },
        },
      ]),
    }),
    status: 400,
  },
  {
    name: 'a position that is not numbers',
    ...given({
      features: fc([
        ...sixPoints.slice(1),
        point('a', 10, 10, 2),
        { ...point('z', 0, 0, 1), geometry: { type: 'Point', coordinates: ['x', 1] } },
      ]),
    }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an unclosed ring',
    ...given({
      features: fc([
        square('a', 0, 0, 1),
        square('b', 1, 0, 2),
        square('c', 2, 0, 3),
        {
          ...square('d', 3, 0, 4),
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [3, 0],
                [4, 0],
                [4, 1],
                [3, 1],
              ],
            ],
          },
        },
      ]),
      weights: { type: 'queen' },
    }),
    status: 400,
    message: /ring/,
  },
  {
    name: 'a feature without an id',
    ...given({ features: fc([...sixPoints.slice(1), { ...point('a', 10, 10, 2), id: undefined }]) }),
    status: 400,
    message: /no id/,
  },
  {
    name: 'two features with one id',
    ...given({ features: fc([...sixPoints, point('a', 50, 50, 1)]) }),
    status: 400,
    message: /Two features/,
  },
  {
    name: 'a value that is text',
    ...given({ features: fc([...sixPoints.slice(1), point('a', 10, 10, 'many')]) }),
    status: 400,
    message: /finite number/,
  },
  {
    name: 'a value property no feature has',
    ...given({ valueProperty: 'CRIME' }),
    status: 400,
    message: /CRIME/,
  },
  {
    name: 'points and polygons mixed',
    ...given({ features: fc([...sixPoints, square('q', 0, 0, 1)]) }),
    status: 400,
    message: /either points or polygons/,
  },
  {
    name: 'unknown ids in the neighbours',
    ...given({ weights: { type: 'neighbours', neighbours: { a: ['b'], b: ['a', 'nobody'] } } }),
    status: 400,
    message: /nobody/,
  },
  {
    name: 'a neighbour list for an unknown feature',
    ...given({ weights: { type: 'neighbours', neighbours: { ghost: ['a'] } } }),
    status: 400,
    message: /ghost/,
  },
  {
    name: 'islands only: a band too short for any neighbour',
    ...given({ weights: { type: 'distance', band: 1 } }),
    status: 400,
    message: /No feature has a neighbour/,
  },
  {
    name: 'islands only: neighbour lists without links',
    ...given({ weights: { type: 'neighbours', neighbours: {} } }),
    status: 400,
    message: /No feature has a neighbour/,
  },
  {
    name: 'a single feature',
    ...given({ features: fc([sixPoints[0]]) }),
    status: 400,
    message: /At least 4 features/,
  },
  { name: 'no features', ...given({ features: fc([]) }), status: 400, message: /At least 4 features/ },
  {
    name: 'zero variance',
    ...given({ features: fc(sixPoints.map((f) => ({ ...f, properties: { n: 4 } }))) }),
    status: 400,
    message: /same value/,
  },
  {
    name: 'projected coordinates said to be degrees',
    ...given({
      crs: 'EPSG:4326',
      features: fc(sixPoints.map((f, i) => point(f.id, 568000 + i * 100, 6496000, i))),
    }),
    status: 400,
    message: /not a longitude and latitude/,
  },
  {
    name: 'degrees said to be SWEREF 99 TM',
    ...given({
      crs: 'EPSG:3006',
      features: fc(sixPoints.map((f, i) => point(f.id, 16.1 + i / 100, 58.6, i))),
    }),
    status: 400,
    message: /outside SWEREF 99 TM/,
  },
  { name: 'an unknown crs', ...given({ crs: 'EPSG:3021' }), status: 400, code: 'validation_failed' },
  {
    name: 'queen contiguity of points',
    ...given({ weights: { type: 'queen' } }),
    status: 400,
    message: /needs polygons/,
  },
  {
    name: 'k as many as the features',
    ...given({ weights: { type: 'knn', k: 6 } }),
    status: 400,
    message: /k must be less/,
  },
  {
    name: 'a negative band',
    ...given({ weights: { type: 'distance', band: -5 } }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown weights',
    ...given({ weights: { type: 'inverse-distance' } }),
    status: 400,
    code: 'validation_failed',
  },
  { name: 'too many permutations', ...given({ permutations: 1e6 }), status: 400 },
  {
    name: 'a huge payload',
    ...given({
      features: fc(Array.from({ length: 20_000 }, (_, i) => point(`feature-${i}`, i, i % 97, i % 13))),
    }),
    status: 413,
  },
  { name: 'SQL injection as the value property', ...given({ valueProperty: sqlInjection }), status: 400 },
  {
    name: 'markup as an id',
    ...given({ features: fc([...sixPoints.slice(1), point(script, 10, 10, 2), point(script, 11, 10, 2)]) }),
    status: 400,
  },
  { name: 'an unknown layer', ...stored({ layer: 'users' }), status: 400, code: 'validation_failed' },
  {
    name: 'an unknown category',
    ...stored({ category: sqlInjection }),
    status: 400,
    message: /No incident category/,
  },
  {
    name: 'an unknown category as a cleared analyst',
    ...stored({ category: ['assault', 'nonsense'] }, 'analytiker'),
    status: 400,
    message: /nonsense/,
  },
  {
    name: 'from after to',
    ...stored({ from: '2025-05-01', to: '2025-04-01' }, 'analytiker'),
    status: 400,
    message: /before/,
  },
  {
    name: 'a time that is no time',
    ...stored({ from: 'yesterday' }),
    status: 400,
    code: 'validation_failed',
  },
  { name: 'a grid of 1 m', ...stored({ units: { hexagon: 1 } }), status: 400, code: 'validation_failed' },
  {
    name: 'two kinds of unit at once',
    ...stored({ units: { hexagon: 500, square: 500 } }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'units that are not districts',
    ...stored({ units: { areas: 'users' } }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown cell ids in the neighbours',
    ...stored({ units: { hexagon: 2000 }, weights: { type: 'neighbours', neighbours: { '0:0': ['1:1'] } } }),
    status: 400,
    message: /not analysed/,
  },
  {
    name: 'a band shorter than the grid',
    ...stored({ units: { hexagon: 1000 }, weights: { type: 'distance', band: 10 } }, 'analytiker'),
    status: 400,
    message: /No feature has a neighbour/,
  },
  {
    name: 'an empty window',
    ...stored({ from: '1990-01-01', to: '1990-02-01', units: { hexagon: 1000 } }, 'analytiker'),
    status: 400,
    message: /same value/,
  },
  {
    name: 'stored and given at once',
    ...given({ layer: 'incidents' }),
    status: 400,
    code: 'validation_failed',
  },
]

badInputTable(
  h,
  'bad input to the hotspot statistics gets a 4xx in the contract shape and changes nothing',
  rows,
)
