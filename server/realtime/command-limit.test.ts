/**
 * A runaway client cannot monopolise a room: past the per-user command limit a command is refused
 * `rate_limited` with the time to wait, nothing of it is stored, and the room keeps serving others.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { defaultEscalationLevels } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { SessionRooms } from '../crisis/session-room.ts'
import { annotationNear, RoomClient, seededRandom } from '../testing/crisis-scenario.ts'
import { type LiveServer, startLiveServer } from '../testing/live-server.ts'
import { signIn } from '../testing/sign-in.ts'
import { createCommandLimit } from './crisis-live.ts'

let db: Database
let server: LiveServer
const open: RoomClient[] = []
const unexpected: unknown[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  const rooms = new SessionRooms({ db, escalationLevels: defaultEscalationLevels })
  const app = createApp({ db, config: { kommun: TEST_KOMMUN }, rooms, log: (err) => unexpected.push(err) })
  server = await startLiveServer(app, db, [], {
    rooms,
    log: (err) => unexpected.push(err),
    commandLimit: createCommandLimit(5, 60),
  })
})

afterAll(async () => {
  for (const client of open) client.disconnect()
  await server?.close()
  await db?.close()
})

it('refuses commands past the per-user limit with rate_limited, and stores none of them', async () => {
  const [session] = await db.query<{ id: string; seq: number }>(
    sql`SELECT id::text AS id, seq::int AS seq FROM crisis_sessions LIMIT 1`,
  )
  const [centre] = await db.query<{ x: number; y: number }>(
    sql`SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y
      FROM areas WHERE kind = 'municipality' LIMIT 1`,
  )
  const chair = await RoomClient.open(server.url, await signIn(createAppFor(db), 'krisledare'), 'chair')
  open.push(chair)
  await chair.join(session!.id) // 1 of 5
  const random = seededRandom(9)
  const answers = []
  for (let i = 0; i < 6; i++)
    answers.push(await chair.push({ put: [annotationNear([centre!.x, centre!.y], random, `punkt ${i}`)] }))
  const accepted = answers.filter((a) => a.ok)
  const refused = answers.filter((a) => !a.ok)
  expect(accepted).toHaveLength(4)
  expect(refused).toHaveLength(2)
  for (const answer of refused) {
    expect(answer).toMatchObject({ ok: false, error: { code: 'rate_limited' } })
    // Note: the wait counts down from the 60 s window opened by the join, so a slow machine that
    // took a few seconds for the six pushes is told a little less than 60.
    const wait = (answer as { error: { details: { retryAfterSeconds: number } } }).error.details
      .retryAfterSeconds
    expect(wait).toBeGreaterThan(40)
    expect(wait).toBeLessThanOrEqual(60)
  }
  const [after] = await db.query<{ seq: number }>(
    sql`SELECT seq::int AS seq FROM crisis_sessions WHERE id = ${session!.id}::uuid`,
  )
  expect(after!.seq).toBe(session!.seq + 4)
  // Another user is counted apart and is still served.
  const police = await RoomClient.open(server.url, await signIn(createAppFor(db), 'polis'), 'police')
  open.push(police)
  await police.join(session!.id)
  expect(
    await police.push({ put: [annotationNear([centre!.x, centre!.y], random, 'polisens')] }),
  ).toMatchObject({
    ok: true,
    seq: session!.seq + 5,
  })
  expect(unexpected).toEqual([])
})

/** Sign-in goes through an app of its own, so its rate limits do not mix with the socket server's. */
const createAppFor = (database: Database) => createApp({ db: database, config: { kommun: TEST_KOMMUN } })
