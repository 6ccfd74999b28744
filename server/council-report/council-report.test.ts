/**
 * The council's lägesbild report through the API: the law's four parts in both languages, totals
 * that agree with the crime statistics summed apart from the report, the internal version through
 * the caller's need-to-know (exact incident counts only for roles cleared for every incident, the
 * measures the caller may read) and the open version fit for anyone (small counts withheld,
 * internal measures left out), each download audited, bad parameters refused.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { readPdf } from '../reports/pdf-text.ts'
import { badInputHarness, badInputTable, type DemoUser } from '../testing/bad-input.ts'

const h = badInputHarness()
const out = join(import.meta.dirname, '..', '..', 'test-results', 'council-report')

async function report(user: DemoUser, query: string) {
  const res = await h.app.request(`/api/council/report.pdf?${query}`, {
    headers: { cookie: h.cookies[user] },
  })
  expect(
    res.status,
    await res
      .clone()
      .text()
      .catch(() => ''),
  ).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/pdf')
  const bytes = new Uint8Array(await res.arrayBuffer())
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, `${user}-${query.replace(/[^a-z0-9]+/gi, '-')}.pdf`), bytes)
  const { text } = readPdf(bytes)
  return text.join('\n')
}

const fmt = (n: number) => new Intl.NumberFormat('sv-SE').format(n)

describe('the lägesbild report', () => {
  it('has the law’s four parts and totals that agree with the statistics', async () => {
    const text = await report('analytiker', 'year=2025&lang=sv')
    for (const part of [
      '1 Kartläggning',
      '2 Övrig relevant information',
      '3 Analys',
      '4 Åtgärdsplan och uppföljning',
    ])
      expect(text).toContain(part)
    const [sum] = await h.db.query<{ y: number; p: number }>(sql`
      SELECT sum(count) FILTER (WHERE month >= '2025-01-01' AND month < '2026-01-01')::int AS y,
        sum(count) FILTER (WHERE month >= '2024-01-01' AND month < '2025-01-01')::int AS p
      FROM crime_statistics`)
    const spaced = (s: string) => s.replace(/\s+/g, ' ')
    expect(spaced(text)).toContain(
      spaced(`Under 2025 anmäldes ${fmt(sum!.y)} brott i kommunen, mot ${fmt(sum!.p)} året före`),
    )
    // The demo's measures, with their follow-up, and the marking of exact police counts.
    expect(text).toContain('Belysning, ordningsvakter')
    expect(text).toMatch(/På platsen [\d,]+ → [\d,]+/)
    expect(text).toContain('BEGRÄNSAD')
    expect(text).toContain('Händelser med brott från polisen, exakta antal.')
  })

  it('gives a role without clearance published counts only, marked internal', async () => {
    const text = await report('lasare', 'year=2025')
    expect(text).toContain('publicerade med cellnyckelmetoden')
    expect(text).not.toContain('BEGRÄNSAD')
    expect(text).toContain('INTERN')
    expect(text).toContain('Belysning, ordningsvakter')
  })

  it('leaves internal measures and small counts out of the open version', async () => {
    const text = await report('lasare', 'year=2025&version=open')
    expect(text).toContain('Öppen version')
    expect(text).toContain('ÖPPEN')
    expect(text).not.toContain('Belysning, ordningsvakter')
    expect(text).toContain('Åtgärdsplanen redovisas i den interna versionen.')
    // No count from one to four anywhere in the tables of crime by type and district.
    const [small] = await h.db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (SELECT category, sum(count) AS s FROM crime_statistics
        WHERE month >= '2025-01-01' AND month < '2026-01-01' GROUP BY category) c WHERE s BETWEEN 1 AND 4`)
    if (small!.n > 0) expect(text).toContain('<5')
  })

  it('speaks English when asked', async () => {
    const text = await report('polis', 'year=2025&lang=en')
    for (const part of [
      '1 Mapping',
      '2 Other relevant information',
      '3 Analysis',
      '4 Action plan and follow-up',
    ])
      expect(text).toContain(part)
    expect(text).toContain('RESTRICTED')
  })

  it('audits each download', async () => {
    const [row] = await h.db.query<{ actor: string; entity_id: string }>(sql`
      SELECT actor, entity_id FROM audit_log WHERE entity = 'council-report' ORDER BY id DESC LIMIT 1`)
    expect(row).toEqual({ actor: 'polis', entity_id: '2025-internal' })
  })
})

badInputTable(h, 'bad input to the council report', [
  {
    name: 'a year that is not a number',
    as: 'analytiker',
    path: '/api/council/report.pdf?year=last',
    status: 400,
  },
  { name: 'a year out of range', as: 'analytiker', path: '/api/council/report.pdf?year=1066', status: 400 },
  {
    name: 'an unknown version',
    as: 'analytiker',
    path: '/api/council/report.pdf?version=secret',
    status: 400,
  },
  { name: 'an unknown language', as: 'analytiker', path: '/api/council/report.pdf?lang=de', status: 400 },
  {
    name: 'an unknown parameter',
    as: 'analytiker',
    path: '/api/council/report.pdf?format=docx',
    status: 400,
  },
  { name: 'without signing in', path: '/api/council/report.pdf', status: 401 },
])
