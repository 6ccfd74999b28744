/**
 * The RSA register through the API: an analyst enters a risk, finds it in the matrix, adds a
 * measure, starts the next term's RSA as a copy and compares the two; the report has its seven
 * sections; scales are the reference ones until an administrator sets the municipality's own
 * (audited); and a viewer never learns of a restricted risk from a list, a matrix count, a
 * comparison or the report.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MatrixCell, RiskComparison, RsaRisk, RsaScales, RsaVersion } from '../../common/rsa.ts'
import { rsaReportSections } from '../../common/rsa.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { readPdf } from '../reports/pdf-text.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { signIn } from '../testing/sign-in.ts'
import { referenceScales } from './register.ts'
import { rsaReportPdf } from './report-pdf.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
let version: RsaVersion
let position: [number, number]

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: (err) => console.error(err) })
  for (const user of ['admin', 'analytiker', 'lasare', 'planerare']) cookies[user] = await signIn(app, user)
  position = await pointInMunicipality(db)
})
afterAll(async () => {
  await db?.close()
})

async function call<T>(user: string, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T }
}

const newRisk = (fields: Record<string, unknown> = {}) => ({
  versionId: version.id,
  title: 'Skyfall över centrum (test)',
  hazard: 'cloudburst',
  description: 'Kraftigt regn översvämmar källare och tunnlar',
  likelihood: 3,
  consequences: { life_health: 2, society_functionality: 4 },
  uncertainty: 2,
  vulnerabilities: 'Dagvattennätet är dimensionerat för 10-årsregn',
  gaps: 'Ingen plan för pumpning',
  criticalActivities: 'Vård och omsorg i centrum',
  geometry: { type: 'Point', coordinates: position },
  ...fields,
})

describe('the register', () => {
  let risk: RsaRisk

  it('lists the seeded version of the term', async () => {
    const { body } = await call<{ versions: RsaVersion[] }>('analytiker', 'GET', '/api/rsa/versions')
    expect(body.versions.map((v) => [v.termStart, v.termEnd])).toEqual([[2023, 2026]])
    version = body.versions[0]!
  })

  it('takes a risk with consequences per protected value, scored by the one rule', async () => {
    const { status, body } = await call<{ risk: RsaRisk }>('analytiker', 'POST', '/api/rsa/risks', newRisk())
    expect(status).toBe(201)
    risk = body.risk
    expect(risk).toMatchObject({ score: 12, band: 'orange', classification: 'internal', uncertainty: 2 })
    expect(risk.lineageId).toBe(risk.id)
  })

  it('places it in its cell of the matrix, and by protected value in another', async () => {
    const all = await call<{ cells: MatrixCell[] }>(
      'analytiker',
      'GET',
      `/api/rsa/versions/${version.id}/matrix`,
    )
    expect(all.body.cells).toHaveLength(25)
    expect(all.body.cells.find((c) => c.riskIds.includes(risk.id))).toMatchObject({
      likelihood: 3,
      consequence: 4,
    })
    const life = await call<{ cells: MatrixCell[] }>(
      'analytiker',
      'GET',
      `/api/rsa/versions/${version.id}/matrix?protectedValue=life_health`,
    )
    expect(life.body.cells.find((c) => c.riskIds.includes(risk.id))).toMatchObject({
      likelihood: 3,
      consequence: 2,
    })
    const sovereignty = await call<{ cells: MatrixCell[] }>(
      'analytiker',
      'GET',
      `/api/rsa/versions/${version.id}/matrix?protectedValue=sovereignty`,
    )
    expect(sovereignty.body.cells.some((c) => c.riskIds.includes(risk.id))).toBe(false)
  })

  it('adds a measure with owner, deadline and status, and changes it', async () => {
    const added = await call<{ risk: RsaRisk }>('analytiker', 'POST', `/api/rsa/risks/${risk.id}/measures`, {
      title: 'Skyfallsplan för centrum',
      owner: 'Tekniska förvaltningen',
      deadline: '2027-06-30',
    })
    expect(added.status).toBe(201)
    const measure = added.body.risk.measures[0]!
    expect(measure).toMatchObject({
      status: 'proposed',
      deadline: '2027-06-30',
      owner: 'Tekniska förvaltningen',
    })
    const changed = await call<{ risk: RsaRisk }>('analytiker', 'PATCH', `/api/rsa/measures/${measure.id}`, {
      status: 'decided',
    })
    expect(changed.body.risk.measures[0]).toMatchObject({ status: 'decided', deadline: '2027-06-30' })
    expect(
      (await call('lasare', 'PATCH', `/api/rsa/measures/${measure.id}`, { status: 'done' })).status,
    ).toBe(403)
  })

  it('raises a risk moved into the red band to restricted, and hides it from a viewer everywhere', async () => {
    const red = await call<{ risk: RsaRisk }>(
      'analytiker',
      'POST',
      '/api/rsa/risks',
      newRisk({
        title: 'Sabotage mot vattenverket (test)',
        hazard: 'antagonistic_threat',
        likelihood: 4,
        consequences: { life_health: 5 },
      }),
    )
    expect(red.body.risk.classification).toBe('restricted')
    const viewerList = await call<{ risks: RsaRisk[] }>(
      'lasare',
      'GET',
      `/api/rsa/versions/${version.id}/risks`,
    )
    expect(viewerList.body.risks.map((r) => r.id)).not.toContain(red.body.risk.id)
    expect((await call('lasare', 'GET', `/api/rsa/risks/${red.body.risk.id}`)).status).toBe(404)
    const viewerCells = await call<{ cells: MatrixCell[] }>(
      'lasare',
      'GET',
      `/api/rsa/versions/${version.id}/matrix`,
    )
    const counted = viewerCells.body.cells.reduce((n, c) => n + c.riskIds.length, 0)
    expect(counted).toBe(viewerList.body.risks.length)
    const [all] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM rsa_risks WHERE version_id = ${version.id}::uuid`,
    )
    expect(counted).toBeLessThan(all!.n)
  })

  it('starts the next term as a copy and compares the two: added, removed, changed score', async () => {
    const next = await call<{ version: RsaVersion }>('analytiker', 'POST', '/api/rsa/versions', {
      title: 'RSA 2027–2030 (test)',
      termStart: 2027,
      termEnd: 2030,
      copyFromId: version.id,
    })
    expect(next.status).toBe(201)
    const copied = await call<{ risks: RsaRisk[] }>(
      'analytiker',
      'GET',
      `/api/rsa/versions/${next.body.version.id}/risks`,
    )
    const copy = copied.body.risks.find((r) => r.lineageId === risk.id)!
    expect(copy.measures.map((m) => m.title)).toEqual(['Skyfallsplan för centrum'])
    await call('analytiker', 'PATCH', `/api/rsa/risks/${copy.id}`, { likelihood: 4 })
    const gone = copied.body.risks.find((r) => r.lineageId !== risk.id && r.classification === 'internal')!
    await call('analytiker', 'DELETE', `/api/rsa/risks/${gone.id}`)
    const fresh = await call<{ risk: RsaRisk }>(
      'analytiker',
      'POST',
      '/api/rsa/risks',
      newRisk({
        versionId: next.body.version.id,
        title: 'Värmebölja (test)',
        hazard: 'heat_wave',
      }),
    )
    const comparison = await call<RiskComparison>(
      'analytiker',
      'GET',
      `/api/rsa/compare?from=${version.id}&to=${next.body.version.id}`,
    )
    expect(comparison.body.changed).toEqual([
      { lineageId: risk.id, title: risk.title, scoreBefore: 12, scoreAfter: 16 },
    ])
    expect(comparison.body.removed.map((r) => r.lineageId)).toEqual([gone.lineageId])
    expect(comparison.body.added.map((r) => r.lineageId)).toEqual([fresh.body.risk.id])
    // The risk went red (16) in the new term: restricted there, and so in the last term's copy too
    // for a viewer, who sees it neither changed nor removed.
    const forViewer = await call<RiskComparison>(
      'lasare',
      'GET',
      `/api/rsa/compare?from=${version.id}&to=${next.body.version.id}`,
    )
    const lineages = [...forViewer.body.added, ...forViewer.body.removed, ...forViewer.body.changed].map(
      (r) => r.lineageId,
    )
    expect(lineages).not.toContain(risk.id)
    const oldForViewer = await call<{ risks: RsaRisk[] }>(
      'lasare',
      'GET',
      `/api/rsa/versions/${version.id}/risks`,
    )
    expect(oldForViewer.body.risks.map((r) => r.id)).not.toContain(risk.id)
  })
})

describe('scales', () => {
  it('are the reference scales until an administrator sets the municipality’s own, audited', async () => {
    const before = await call<{ scales: RsaScales & { custom: boolean } }>('lasare', 'GET', '/api/rsa/scales')
    expect(before.body.scales).toEqual({ ...referenceScales(), custom: false })
    const own = structuredClone(referenceScales())
    own.likelihood[4]!.sv = 'Årligen'
    expect((await call('analytiker', 'PUT', '/api/rsa/scales', own)).status).toBe(403)
    const saved = await call<{ scales: RsaScales & { custom: boolean } }>(
      'admin',
      'PUT',
      '/api/rsa/scales',
      own,
    )
    expect(saved.status).toBe(200)
    expect(saved.body.scales.likelihood[4]!.sv).toBe('Årligen')
    expect(saved.body.scales.custom).toBe(true)
    const [audit] = await db.query<{ actor: string }>(
      sql`SELECT actor FROM audit_log WHERE entity = 'rsa-scales' ORDER BY id DESC LIMIT 1`,
    )
    expect(audit?.actor).toBe('admin')
  })
})

describe('the report', () => {
  it('has the seven sections, the measures and its marking, and leaves out what the reader may not read', async () => {
    const analyst = {
      userId: '0',
      username: 'analytiker',
      displayName: 'Analytiker',
      role: 'analyst' as const,
      actorId: null,
    }
    const viewer = { ...analyst, username: 'lasare', displayName: 'Läsare', role: 'viewer' as const }
    const full = await rsaReportPdf(db, analyst, version, 'sv', TEST_KOMMUN, { compress: false })
    const text = readPdf(full.bytes).text.join('\n')
    for (const [i, section] of rsaReportSections.entries()) expect(text).toContain(`${i + 1}. ${section.sv}`)
    expect(text).toContain('Skyfallsplan för centrum')
    expect(text).toContain('Sabotage mot vattenverket (test)')
    expect(full.classification).toBe('restricted')
    expect(text).toContain('BEGRÄNSAD')
    const limited = await rsaReportPdf(db, viewer, version, 'en', TEST_KOMMUN, { compress: false })
    const viewerText = readPdf(limited.bytes).text.join('\n')
    expect(viewerText).not.toContain('Sabotage mot vattenverket')
    expect(viewerText).toContain('5. Identified and analysed risks')
    expect(limited.classification).toBe('internal')
    const res = await app.request(`/api/rsa/versions/${version.id}/report.pdf?lang=en`, {
      headers: { cookie: cookies.lasare! },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-classification')).toBe('internal')
  })
})
