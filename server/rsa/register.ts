/**
 * The RSA register in SQL: versions per term of office, risks with their measures, and the
 * municipality's scales. Need-to-know: a risk is as classified as the most classified version of
 * it (its lineage), so a risk raised to restricted in this term's RSA does not stay readable, nor
 * show as "removed", through last term's copy. Every read below goes through `readableRisk`.
 */
import { readFileSync } from 'node:fs'
import { type SQL, sql } from 'drizzle-orm'
import type { Classification, Hazard, ProtectedValue } from '../../common/domain.ts'
import { clearanceIn } from '../../common/permissions.ts'
import { riskBand } from '../../common/risk.ts'
import { type Measure, type RsaRisk, RsaScales, type RsaVersion } from '../../common/rsa.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { riskScoreSql } from '../analysis/risk-sql.ts'
import type { Access } from '../http/access.ts'
import { notFound } from '../http/errors.ts'

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

/** The risks (alias `r`) the caller may read: every version of the risk within the caller's clearance. */
export function readableRisk(access: Access, alias = 'r'): SQL {
  const levels = inList(clearanceIn(access.role, 'hazards'))
  const r = sql.raw(alias)
  return sql`(${r}.classification IN (${levels}) AND NOT EXISTS (
    SELECT 1 FROM rsa_risks o WHERE o.lineage_id = ${r}.lineage_id AND o.classification NOT IN (${levels})))`
}

const readableAsset = (access: Access): SQL =>
  sql`a.classification IN (${inList(clearanceIn(access.role, 'infrastructure'))})`

const iso = (v: Date | string) => new Date(v).toISOString()

/** The reference scales shipped in `data/rsa/scales.json`, used until the municipality sets its own. */
export function referenceScales(): RsaScales {
  const file = JSON.parse(readFileSync(new URL('../../data/rsa/scales.json', import.meta.url), 'utf8')) as {
    likelihood: unknown
    consequence: unknown
  }
  return RsaScales.parse({ likelihood: file.likelihood, consequence: file.consequence })
}

export async function currentScales(handle: Orm): Promise<RsaScales & { custom: boolean }> {
  const rows = await queryRows<{
    scale: 'likelihood' | 'consequence'
    level: number
    label_sv: string
    label_en: string
    description_sv: string
    description_en: string
  }>(handle, sql`SELECT * FROM rsa_scale_levels ORDER BY scale, level`)
  const reference = referenceScales()
  if (!rows.length) return { ...reference, custom: false }
  const of = (scale: 'likelihood' | 'consequence') =>
    reference[scale].map((ref) => {
      const row = rows.find((r) => r.scale === scale && Number(r.level) === ref.level)
      return row
        ? {
            level: ref.level,
            sv: row.label_sv,
            en: row.label_en,
            descriptionSv: row.description_sv,
            descriptionEn: row.description_en,
          }
        : ref
    })
  return { likelihood: of('likelihood'), consequence: of('consequence'), custom: true }
}

interface VersionRow {
  id: string
  title: string
  term_start: number
  term_end: number
  copied_from_id: string | null
  sections: RsaVersion['sections']
  updated_by: string
  updated_at: Date | string
}

const versionOf = (r: VersionRow): RsaVersion => ({
  id: r.id,
  title: r.title,
  termStart: Number(r.term_start),
  termEnd: Number(r.term_end),
  copiedFromId: r.copied_from_id,
  sections: r.sections ?? {},
  updatedBy: r.updated_by,
  updatedAt: iso(r.updated_at),
})

export async function listVersions(handle: Orm): Promise<RsaVersion[]> {
  const rows = await queryRows<VersionRow>(
    handle,
    sql`SELECT id::text AS id, title, term_start, term_end, copied_from_id::text AS copied_from_id, sections,
      updated_by, updated_at FROM rsa_versions ORDER BY term_start DESC, created_at DESC`,
  )
  return rows.map(versionOf)
}

export async function readVersion(handle: Orm, id: string): Promise<RsaVersion> {
  const found = (await listVersions(handle)).find((v) => v.id === id)
  if (!found) throw notFound(`No RSA version with the id ${id}`)
  return found
}

interface RiskRow {
  id: string
  version_id: string
  lineage_id: string
  title: string
  hazard: Hazard
  description: string | null
  likelihood: number
  consequences: Partial<Record<ProtectedValue, number>>
  uncertainty: number | null
  vulnerabilities: string | null
  gaps: string | null
  critical_activities: string | null
  critical_asset_ids: string[]
  geometry: RsaRisk['geometry']
  score: number
  classification: Classification
  updated_by: string
  updated_at: Date | string
}

/** The risks of a version (or one risk) the caller may read, with their measures and readable assets. */
export async function readRisks(
  handle: Orm,
  access: Access,
  filter: { versionId?: string; riskId?: string },
): Promise<RsaRisk[]> {
  const where = [readableRisk(access), sql`r.version_id IS NOT NULL`]
  if (filter.versionId) where.push(sql`r.version_id = ${filter.versionId}::uuid`)
  if (filter.riskId) where.push(sql`r.id = ${filter.riskId}::uuid`)
  const rows = await queryRows<RiskRow>(
    handle,
    sql`SELECT r.id::text AS id, r.version_id::text AS version_id, r.lineage_id::text AS lineage_id, r.title, r.hazard,
      r.description, r.likelihood, r.consequences, r.uncertainty, r.vulnerabilities, r.gaps, r.critical_activities,
      r.critical_asset_ids, ST_AsGeoJSON(r.geom)::json AS geometry,
      ${riskScoreSql(sql`r.likelihood`, sql`r.consequences`)} AS score, r.classification, r.updated_by, r.updated_at
    FROM rsa_risks r WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${riskScoreSql(sql`r.likelihood`, sql`r.consequences`)} DESC, r.title`,
  )
  if (!rows.length) return []
  const ids = rows.map((r) => r.id)
  const measures = await queryRows<{
    id: string
    risk_id: string
    title: string
    owner: string
    deadline: string | Date | null
    status: Measure['status']
    updated_by: string
    updated_at: Date | string
  }>(
    handle,
    sql`SELECT id::text AS id, risk_id::text AS risk_id, title, owner, deadline::text AS deadline, status, updated_by, updated_at
      FROM rsa_measures WHERE risk_id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) ORDER BY deadline NULLS LAST, created_at`,
  )
  const assetIds = [...new Set(rows.flatMap((r) => r.critical_asset_ids ?? []))]
  const assets = assetIds.length
    ? await queryRows<{ id: string; name: string }>(
        handle,
        sql`SELECT a.id::text AS id, a.name FROM critical_assets a
          WHERE a.id IN (${sql.join(
            assetIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) AND ${readableAsset(access)}`,
      )
    : []
  const assetName = new Map(assets.map((a) => [a.id, a.name]))
  return rows.map((r) => {
    const score = Number(r.score)
    return {
      id: r.id,
      versionId: r.version_id,
      lineageId: r.lineage_id,
      title: r.title,
      hazard: r.hazard,
      description: r.description,
      likelihood: Number(r.likelihood),
      consequences: r.consequences ?? {},
      uncertainty: r.uncertainty === null ? null : Number(r.uncertainty),
      vulnerabilities: r.vulnerabilities,
      gaps: r.gaps,
      criticalActivities: r.critical_activities,
      // Note: an asset the reader may not read is left out, not named as withheld.
      criticalAssets: (r.critical_asset_ids ?? []).flatMap((id) => {
        const name = assetName.get(id)
        return name ? [{ id, name }] : []
      }),
      geometry: r.geometry,
      score,
      band: riskBand(score),
      classification: r.classification,
      measures: measures
        .filter((m) => m.risk_id === r.id)
        .map((m) => ({
          id: m.id,
          riskId: m.risk_id,
          title: m.title,
          owner: m.owner,
          deadline: m.deadline === null ? null : String(m.deadline).slice(0, 10),
          status: m.status,
          updatedBy: m.updated_by,
          updatedAt: iso(m.updated_at),
        })),
      updatedBy: r.updated_by,
      updatedAt: iso(r.updated_at),
    }
  })
}

export async function readRisk(handle: Orm, access: Access, id: string): Promise<RsaRisk> {
  const [risk] = await readRisks(handle, access, { riskId: id })
  if (!risk) throw notFound(`No RSA risk with the id ${id}`)
  return risk
}

/** The incidents linked to a risk that the caller may read in the crime theme: "what happened". */
export async function linkedIncidents(handle: Orm, access: Access, riskId: string) {
  const rows = await queryRows<{
    id: string
    category: string
    occurred_at: Date | string
    severity: number
    status: string | null
  }>(
    handle,
    sql`SELECT t.id::text AS id, t.category, t.occurred_at, t.severity, t.status
      FROM incident_risk_links l JOIN incidents t ON t.id = l.incident_id
      WHERE l.risk_id = ${riskId}::uuid AND t.classification IN (${inList(clearanceIn(access.role, 'crime'))})
      ORDER BY t.occurred_at DESC`,
  )
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    occurredAt: iso(r.occurred_at),
    severity: Number(r.severity),
    status: r.status,
  }))
}
