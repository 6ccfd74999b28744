/**
 * Bad input to the crisis sessions' routes: missing titles, SQL in a level, a self-intersecting
 * area, ids that name nothing, and a role that may not open one. The harness
 * (`server/testing/bad-input.ts`) answers each row in the contract's shape and checks that
 * nothing stored changed.
 */
import { UNUSED_UUID } from '../testing/app-routes.ts'
import { type BadInput, badInputHarness, badInputTable, JSON_HEADERS as json } from '../testing/bad-input.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'

/** A point in the middle of the demo municipality, where an affected area may lie. */
let inside: [number, number] = [0, 0]
const h = badInputHarness(async (harness) => {
  const [x, y] = await pointInMunicipality(harness.db)
  inside = [Number(x.toFixed(6)), Number(y.toFixed(6))]
})

const rows: BadInput[] = [
  {
    name: 'a crisis session without a title',
    as: 'krisledare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: { eventType: 'fire' },
    status: 400,
  },
  {
    name: 'a crisis session by the viewer',
    as: 'lasare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: { title: 'Brand' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a crisis session with SQL in its escalation level',
    as: 'krisledare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: { title: 'Brand', escalationLevel: "normal'; DROP TABLE crisis_sessions; --" },
    status: 400,
  },
  {
    name: 'a crisis session with a self-intersecting area',
    as: 'krisledare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: () => ({
      title: 'Brand',
      affectedArea: {
        type: 'Polygon',
        coordinates: [
          [
            inside,
            [inside[0] + 0.01, inside[1] + 0.01],
            [inside[0] + 0.01, inside[1]],
            [inside[0], inside[1] + 0.01],
            inside,
          ],
        ],
      },
    }),
    status: 400,
  },
  {
    name: 'a change of a crisis session that does not exist',
    as: 'krisledare',
    method: 'PATCH',
    path: `/api/sessions/${UNUSED_UUID}`,
    headers: json,
    body: { title: 'x' },
    status: 404,
  },
  {
    name: 'a crisis session id by traversal',
    as: 'krisledare',
    path: '/api/sessions/..%2Fusers/history',
    status: 400,
  },
  {
    name: 'a crisis session export at a seq that is no number',
    as: 'krisledare',
    path: `/api/sessions/${UNUSED_UUID}/export?seq=1e3`,
    status: 400,
  },
]

badInputTable(h, 'bad input to crisis sessions gets a 4xx in the contract shape and changes nothing', rows)
