/**
 * Bad input to the planner's report (`/api/planning/assessments`): empty, unclosed and
 * self-intersecting plans, plans outside the municipality, unknown land-use letters, sub-areas
 * outside the plan or overlapping, out-of-range values, huge vertex counts, wrong types, ids that
 * name nothing, and a role that may not ask. Each is a 4xx naming the fault; nothing is stored.
 */
import { UNUSED_UUID } from '../testing/app-routes.ts'
import { type BadInput, badInputHarness, badInputTable, JSON_HEADERS as json } from '../testing/bad-input.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'

/** A point in the middle of the demo municipality, where a plan may lie. */
let inside: [number, number] = [0, 0]
const h = badInputHarness(async (harness) => {
  const [x, y] = await pointInMunicipality(harness.db)
  inside = [Number(x.toFixed(6)), Number(y.toFixed(6))]
})

/** A closed square ring `d` degrees wide, its south-west corner `dx`, `dy` from the point. */
const square = (d = 0.002, dx = 0, dy = 0) => {
  const [x, y] = [inside[0] + dx, inside[1] + dy]
  return [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ]
}
const polygon = (ring = square()) => ({ type: 'Polygon', coordinates: [ring] })
const plan =
  (fields: Record<string, unknown> = {}) =>
  () => ({
    title: 'Kvarteret Test',
    geometry: polygon(),
    landUses: ['B', 'P'],
    ...fields,
  })
const post = (name: string, body: () => unknown, message?: RegExp, status = 400): BadInput => ({
  name,
  as: 'planerare',
  method: 'POST',
  path: '/api/planning/assessments',
  headers: json,
  body,
  status,
  message,
})
/** A fn so `inside` is read when the row runs, not when the table is built. */
const lazy = (make: () => Record<string, unknown>) => () => plan(make())()

const rows: BadInput[] = [
  post('a plan without a title', () => ({ geometry: polygon(), landUses: ['B'] }), /title/),
  post(
    'a plan with a blank title',
    lazy(() => ({ title: '   ' })),
    /title/,
  ),
  post(
    'a plan with a 5,000-character title',
    lazy(() => ({ title: 'x'.repeat(5000) })),
    /title/,
  ),
  post('a plan without a geometry', () => ({ title: 'x', landUses: ['B'] }), /geometry/),
  post(
    'a plan that is a point',
    lazy(() => ({ geometry: { type: 'Point', coordinates: inside } })),
    /geometry/,
  ),
  post(
    'a plan that is a line',
    lazy(() => ({ geometry: { type: 'LineString', coordinates: square().slice(0, 3) } })),
    /geometry/,
  ),
  post(
    'an empty plan (no rings)',
    lazy(() => ({ geometry: { type: 'Polygon', coordinates: [] } })),
    /exterior ring/,
  ),
  post(
    'an empty multipolygon',
    lazy(() => ({ geometry: { type: 'MultiPolygon', coordinates: [] } })),
    /empty|polygon|geometry/i,
  ),
  post(
    'a plan of one repeated point',
    lazy(() => ({ geometry: polygon([inside, inside, inside, inside]) })),
    /not a valid polygon|empty/,
  ),
  post(
    'a ring that is not closed',
    lazy(() => ({ geometry: polygon(square().slice(0, 4)) })),
    /not closed/,
  ),
  post(
    'a ring of three positions',
    lazy(() => ({ geometry: polygon([square()[0], square()[1], square()[0]]) })),
    /four positions/,
  ),
  post(
    'a self-intersecting plan (a bow tie)',
    lazy(() => {
      const [a, b, c, d] = square()
      return { geometry: polygon([a!, c!, b!, d!, a!]) }
    }),
    /not a valid polygon: Self-intersection/,
  ),
  post(
    'a plan outside the municipality (central Stockholm)',
    () => ({
      title: 'x',
      landUses: ['B'],
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [18.06, 59.33],
            [18.07, 59.33],
            [18.07, 59.34],
            [18.06, 59.34],
            [18.06, 59.33],
          ],
        ],
      },
    }),
    /outside the municipality/,
  ),
  post(
    'a longitude above 180',
    lazy(() => ({
      geometry: polygon([
        [200, 58],
        [201, 58],
        [201, 59],
        [200, 58],
      ]),
    })),
    /longitude/,
  ),
  post(
    'coordinates as strings',
    lazy(() => ({ geometry: polygon(square().map(([x, y]) => [String(x), String(y)]) as never) })),
    /geometry/,
  ),
  post(
    'a plan with 6,000 vertices',
    lazy(() => {
      const ring = Array.from({ length: 6000 }, (_, i) => {
        const a = (2 * Math.PI * i) / 6000
        return [inside[0] + 0.002 * Math.cos(a), inside[1] + 0.001 * Math.sin(a)]
      })
      return { geometry: polygon([...ring, ring[0]!]) }
    }),
    /6001 vertices; at most 5000/,
  ),
  post(
    'an unknown land-use letter',
    lazy(() => ({ landUses: ['B', 'X'] })),
    /landUses/,
  ),
  post(
    'a land-use letter in lower case',
    lazy(() => ({ landUses: ['b'] })),
    /landUses/,
  ),
  post(
    'no land use',
    lazy(() => ({ landUses: [] })),
    /land-use/,
  ),
  post(
    'a land-use letter twice',
    lazy(() => ({ landUses: ['B', 'B'] })),
    /twice/,
  ),
  post(
    'land uses as a string',
    lazy(() => ({ landUses: 'B' })),
    /landUses/,
  ),
  post(
    'a sub-area with a letter the plan does not have',
    lazy(() => ({ subAreas: [{ landUses: ['S'], geometry: polygon() }] })),
    /S is not among the plan's land uses/,
  ),
  post(
    'a sub-area outside the plan',
    lazy(() => ({ subAreas: [{ landUses: ['B'], geometry: polygon(square(0.001, 0.0015, 0)) }] })),
    /Sub-area 1 lies outside the plan area/,
  ),
  post(
    'two overlapping sub-areas',
    lazy(() => ({
      subAreas: [
        { landUses: ['B'], geometry: polygon(square(0.0015)) },
        { landUses: ['P'], geometry: polygon(square(0.0015, 0.0005, 0.0005)) },
      ],
    })),
    /Sub-area 2 overlaps sub-area 1/,
  ),
  post(
    '21 sub-areas',
    lazy(() => ({ subAreas: Array.from({ length: 21 }, () => ({ landUses: ['B'], geometry: polygon() })) })),
    /subAreas/,
  ),
  post(
    'a sub-area without a geometry',
    lazy(() => ({ subAreas: [{ landUses: ['B'] }] })),
    /subAreas/,
  ),
  post(
    'a context radius of 10 m',
    lazy(() => ({ contextRadiusM: 10 })),
    /contextRadiusM/,
  ),
  post(
    'a context radius of 100 km',
    lazy(() => ({ contextRadiusM: 100_000 })),
    /contextRadiusM/,
  ),
  post(
    'a context radius as text',
    lazy(() => ({ contextRadiusM: '500' })),
    /contextRadiusM/,
  ),
  post(
    'a field the contract does not have',
    lazy(() => ({ classification: 'open' })),
    /classification|Unrecognized/i,
  ),
  post('a body that is not JSON', () => '{"title": "x", ', undefined),
  post('a plan as an array', () => [], undefined),
  { ...post('a plan by the viewer', plan()), as: 'lasare', status: 403, code: 'forbidden' },
  {
    name: 'the list by the viewer',
    as: 'lasare',
    path: '/api/planning/assessments',
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'an assessment that does not exist',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}`,
    status: 404,
  },
  {
    name: 'an assessment id that is not a uuid',
    as: 'planerare',
    path: "/api/planning/assessments/1' OR '1'='1",
    status: 400,
  },
  {
    name: 'version 0',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}?version=0`,
    status: 400,
  },
  {
    name: 'a version that is a word',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}?version=latest`,
    status: 400,
  },
  {
    name: 'an unknown query parameter',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}?format=csv`,
    status: 400,
  },
  {
    name: 'the versions of an assessment that does not exist',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}/versions`,
    status: 404,
  },
  {
    name: 'a PDF in German',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}/report.pdf?lang=de`,
    status: 400,
  },
  {
    name: 'the PDF of an assessment that does not exist',
    as: 'planerare',
    path: `/api/planning/assessments/${UNUSED_UUID}/report.pdf`,
    status: 404,
  },
  {
    name: 'a PDF by the viewer',
    as: 'lasare',
    path: `/api/planning/assessments/${UNUSED_UUID}/report.pdf`,
    status: 403,
  },
  {
    ...post('a revision of an assessment that does not exist', plan()),
    path: `/api/planning/assessments/${UNUSED_UUID}/revisions`,
    status: 404,
  },
  {
    ...post(
      'a revision with no land use',
      lazy(() => ({ landUses: [] })),
    ),
    path: `/api/planning/assessments/${UNUSED_UUID}/revisions`,
  },
]

badInputTable(h, 'bad input to the planning report', rows)
