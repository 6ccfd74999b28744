/**
 * Differencing attacks on the incident twin, as a viewer (`lasare`) would try them through the API.
 *
 * Threat model: the attacker is signed in without clearance for the incidents (viewer or planner),
 * may send any number of twin questions (features, single cells, tiles) with any `from`, `to`,
 * `category` and `bbox`, may watch the answers before and after a write, and may know from
 * elsewhere roughly where and when something happened. The goal is to confirm that one restricted
 * incident exists, or to learn its cell, day or category: by two answers that differ by exactly
 * that incident (two windows, two category sets, two boxes, before and after a write), or by
 * asking the same thing often enough to average the noise away. What may be learnt is what every
 * published statistic shows: a cell's published count for a fixed month, quarter or year and group.
 *
 * Runs on PGlite and, with `npm run test:postgres`, on PostgreSQL.
 */
import { sql } from 'drizzle-orm'
import type { Feature, FeatureCollection } from 'geojson'
import proj4 from 'proj4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { incidentCategoryTerms } from '../../common/domain.ts'
import { lonLatToTile, SWEREF99TM_PROJ4 } from '../../common/geo.ts'
import { cellCentre, parseCellId } from '../../common/grid.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { gridCellLateral } from '../analysis/grid-sql.ts'
import { createApp } from '../app.ts'
import { TWIN_GRID } from '../layers/incident-hexagons.ts'
import { decodeTile } from '../testing/mvt.ts'
import { signIn } from '../testing/sign-in.ts'
import { DISCLOSURE_THRESHOLD, disclosureSecret, recordKeyOf, recordKeySql } from './cell-key.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
/** A restricted incident the attacker wants to pin, with its time in Stockholm and its cell. */
let target: { id: string; at: Date; wall: string; category: string; group: string; lon: number; lat: number }
/** The target's month as the API takes it. */
let month: { from: string; to: string }
const inserted: string[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['lasare', 'planerare', 'krisledare', 'analytiker'])
    cookies[user] = await signIn(app, user)
  // Note: a restricted incident in the middle of a month, so a day either side stays in it.
  const [row] = await db.query<{
    id: string
    at: Date | string
    wall: string
    category: string
    category_group: string
    lon: number
    lat: number
  }>(sql`
    SELECT id::text, occurred_at AS at, to_char(occurred_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') AS wall,
      category, category_group, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM incidents
    WHERE classification = 'restricted'
      AND extract(day FROM occurred_at AT TIME ZONE 'Europe/Stockholm') BETWEEN 10 AND 20
    ORDER BY id LIMIT 1`)
  target = {
    id: row!.id,
    at: new Date(row!.at),
    wall: row!.wall,
    category: row!.category,
    group: row!.category_group,
    lon: Number(row!.lon),
    lat: Number(row!.lat),
  }
  const [y, m] = target.wall.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  month = { from: `${target.wall.slice(0, 7)}-01`, to: next }
})

afterAll(async () => {
  for (const id of inserted) await call('analytiker', 'DELETE', `/api/layers/incidents/features/${id}`)
  await db?.close()
})

async function call<T = unknown>(user: string, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, text }
}

const twin = async (user: string, query: Record<string, string>) => {
  const res = await call<FeatureCollection>(
    user,
    'GET',
    `/api/layers/incident-hexagons/features?${new URLSearchParams({ limit: '10000', ...query })}`,
  )
  expect(res.status).toBe(200)
  return res.body
}

const countsOf = (fc: FeatureCollection) =>
  new Map(fc.features.map((f) => [String(f.id), Number(f.properties?.count)]))

/** The target's cell id, from the cleared answer's cell that contains it. */
async function targetCell(): Promise<string> {
  const [row] = await db.query<{ col: number; row: number }>(sql`
    SELECT g.cell_col AS col, g.cell_row AS row
    FROM incidents t, ${gridCellLateral(TWIN_GRID, sql`t.sweref99_x`, sql`t.sweref99_y`)} g
    WHERE t.id = ${target.id}::uuid`)
  return `${row!.col}:${row!.row}`
}

describe('differencing by time windows', () => {
  it('answers every window inside the target month, a minute or a day apart, with the month itself', async () => {
    const monthAnswer = await twin('lasare', month)
    expect(monthAnswer.features.length).toBeGreaterThan(0)
    const t = target.at.getTime()
    const iso = (ms: number) => new Date(ms).toISOString()
    const windows = [
      { from: iso(t - 60_000), to: iso(t + 60_000) },
      { from: iso(t + 60_000), to: iso(t + 120_000) },
      { from: iso(t - 120_000), to: iso(t - 60_000) },
      { from: iso(t - 86_400_000), to: iso(t) },
      { from: iso(t), to: iso(t + 86_400_000) },
      { from: iso(t - 86_400_000), to: iso(t + 86_400_000) },
      { from: target.wall, to: iso(t + 1) },
    ]
    for (const w of windows) {
      const answer = await twin('lasare', w)
      expect(answer, JSON.stringify(w)).toEqual(monthAnswer)
      expect(answer.features[0]?.properties?.period).toBe(month.from.slice(0, 7))
    }
  })

  it('answers windows over a month edge with the quarter or the year, never with the edge itself', async () => {
    const [y, m] = month.from.split('-').map(Number) as [number, number]
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate()
    const end = `${month.from.slice(0, 8)}${lastDay}`
    const acrossEnd = await twin('lasare', { from: end, to: `${month.to}T01:00` })
    const acrossEndLater = await twin('lasare', { from: `${end}T23:00`, to: `${month.to}T00:00:00.5` })
    expect(acrossEnd).toEqual(acrossEndLater)
    expect(['quarter', 'year', 'all']).toContain(
      acrossEnd.features[0]?.properties?.period.includes('Q')
        ? 'quarter'
        : acrossEnd.features[0]?.properties?.period === 'all'
          ? 'all'
          : 'year',
    )
    // Just inside the month and just over its end are different periods, each asked whole.
    expect(await twin('lasare', { from: end, to: month.to })).toEqual(await twin('lasare', month))
  })

  it('gives the same answer to the same question every time, so repeating it averages nothing away', async () => {
    const first = await twin('lasare', month)
    for (let i = 0; i < 5; i++) expect(await twin('lasare', month)).toEqual(first)
  })
})

describe('differencing by categories', () => {
  it('answers every category but one, and categories from several groups, with all incidents', async () => {
    const all = await twin('lasare', month)
    const categories = Object.keys(incidentCategoryTerms)
    const allButTarget = categories.filter((c) => c !== target.category)
    expect(await twin('lasare', { ...month, category: allButTarget.join(',') })).toEqual(all)
    expect(await twin('lasare', { ...month, category: categories.join(',') })).toEqual(all)
  })

  it('answers one category, or every category of its group but one, with the whole group', async () => {
    const group = await twin('lasare', { ...month, category: target.group })
    expect(group.features.every((f) => f.properties?.categoryGroup === target.group)).toBe(true)
    expect(await twin('lasare', { ...month, category: target.category })).toEqual(group)
    const groupButTarget = Object.entries(incidentCategoryTerms)
      .filter(([c, t]) => t.group === target.group && c !== target.category)
      .map(([c]) => c)
    if (groupButTarget.length)
      expect(await twin('lasare', { ...month, category: groupButTarget.join(',') })).toEqual(group)
  })

  it('refuses an unknown category with a 400 in the contract shape', async () => {
    const res = await call<{ error: { code: string } }>(
      'lasare',
      'GET',
      `/api/layers/incident-hexagons/features?category=no_such_thing`,
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBeTruthy()
  })
})

describe('differencing by boxes and cell borders', () => {
  it('counts a cell whole whatever part of it the box covers', async () => {
    const whole = countsOf(await twin('lasare', month))
    const cell = await targetCell()
    const d = 0.0005
    const boxes = [
      [target.lon - d, target.lat - d, target.lon + d, target.lat + d],
      [target.lon - 0.1, target.lat - 0.1, target.lon - 0.000001, target.lat + 0.1],
      [target.lon + 0.000001, target.lat - 0.1, target.lon + 0.1, target.lat + 0.1],
      [target.lon - 0.1, target.lat - 0.1, target.lon + 0.1, target.lat - 0.000001],
    ]
    for (const box of boxes) {
      const counts = countsOf(await twin('lasare', { ...month, bbox: box.join(',') }))
      for (const [id, n] of counts) expect(n, `cell ${id} in ${box}`).toBe(whole.get(id))
      if (counts.has(cell)) expect(counts.get(cell)).toBe(whole.get(cell))
    }
  })

  it('gives a cell the same count in tiles of every zoom as in the features', async () => {
    const whole = countsOf(await twin('lasare', month))
    for (const z of [9, 12, 15]) {
      const { x, y } = lonLatToTile(target.lon, target.lat, z)
      const res = await app.request(
        `/tiles/incident-hexagons/${z}/${x}/${y}.mvt?${new URLSearchParams(month)}`,
        {
          headers: { cookie: cookies.lasare! },
        },
      )
      expect(res.status).toBe(200)
      const features = decodeTile(new Uint8Array(await res.arrayBuffer()))['incident-hexagons'] ?? []
      for (const f of features) {
        expect(Number(f.properties.count)).toBe(whole.get(String(f.properties.id)))
        expect(Number(f.properties.count)).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
      }
    }
  })

  it('shows a single cell as the list does', async () => {
    const list = await twin('lasare', {})
    const first = list.features[0]!
    const one = await call<Feature>('lasare', 'GET', `/api/layers/incident-hexagons/features/${first.id}`)
    expect(one.status).toBe(200)
    expect(one.body.properties?.count).toBe(first.properties?.count)
  })
})

describe('differencing by writing', () => {
  it('does not show one added restricted incident as +1 in its cell, and shows the old answer once it is gone', async () => {
    const toWgs = proj4(SWEREF99TM_PROJ4, 'EPSG:4326')
    const trueBefore = countsOf(await twin('krisledare', month))
    const original = await twin('lasare', month)
    const before = countsOf(original)
    // Cells far enough above the threshold that a change of one cannot suppress them.
    const cells = [...before.entries()].filter(([, n]) => n >= DISCLOSURE_THRESHOLD + 4).map(([id]) => id)
    expect(cells.length).toBeGreaterThanOrEqual(12)
    const targets = cells.slice(0, 12)
    const at = `${month.from}T12:00:00+01:00`.replace(/-01T/, '-15T')
    const differences: number[] = []
    for (const id of targets) {
      const [lon, lat] = toWgs.forward(cellCentre(TWIN_GRID, parseCellId(id)!)) as [number, number]
      const created = await call<Feature>('analytiker', 'POST', '/api/layers/incidents/features', {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: { category: 'assault', occurredAt: at, source: 'police', classification: 'restricted' },
      })
      expect(created.status).toBe(201)
      inserted.push(String(created.body.id))
      const after = countsOf(await twin('lasare', month))
      // Every other cell is unchanged: its content is the same, and so is its noise.
      for (const [other, n] of before) if (other !== id) expect(after.get(other), other).toBe(n)
      differences.push(after.get(id)! - before.get(id)!)
      before.set(id, after.get(id)!)
    }
    // The cleared role sees each of them exactly, so each landed in its cell in the fixed month.
    const trueAfter = countsOf(await twin('krisledare', month))
    for (const id of targets) expect(trueAfter.get(id)).toBe(trueBefore.get(id)! + 1)
    // With noise from the cell key, +1 shows about a third of the time; twelve out of twelve would
    // mean the count is exact (chance about 1e-6 with the table in force).
    expect(
      differences.some((d) => d !== 1),
      `differences ${differences}`,
    ).toBe(true)

    // Removing them restores the first answer exactly: the same content gets the same noise.
    expect(await twin('lasare', month)).not.toEqual(original)
    for (const id of inserted.splice(0))
      expect((await call('analytiker', 'DELETE', `/api/layers/incidents/features/${id}`)).status).toBe(204)
    expect(await twin('lasare', month)).toEqual(original)
  })

  it('answers the planner as the viewer and never lists a cell under the threshold', async () => {
    expect(await twin('planerare', month)).toEqual(await twin('lasare', month))
    for (const f of (await twin('lasare', {})).features)
      expect(Number(f.properties?.count)).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
  })
})

describe('record keys', () => {
  it('are the same in SQL and in the app', async () => {
    const secret = await disclosureSecret(db)
    const rows = await db.query<{ id: string; key: number }>(
      sql`SELECT id::text AS id, ${recordKeySql(sql`id::text`)} AS key FROM incidents ORDER BY id LIMIT 500`,
    )
    for (const r of rows) expect(Number(r.key)).toBe(recordKeyOf(secret, r.id))
  })
})
