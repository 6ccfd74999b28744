/**
 * Stored planning assessments and their versions. Saving writes the plan as validated and the
 * findings as computed for the author; reading gives back the plan, from which the report is
 * computed afresh for the reader (`assess.ts`).
 */
import { sql } from 'drizzle-orm'
import type { LandUse } from '../../common/planning.ts'
import type {
  AssessmentVersionSummary,
  PlanningAssessmentInput,
  PlanningAssessmentSummary,
  PlanningFinding,
} from '../../common/planning-assessment.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { readable } from './measure.ts'

/** One stored version, with the assessment's own record. */
export interface StoredAssessment {
  id: string
  version: number
  versions: number
  input: PlanningAssessmentInput
  classification: 'open' | 'internal' | 'restricted'
  createdBy: string
  createdAt: string
  updatedBy: string
  updatedAt: string
}

const planValue = (input: PlanningAssessmentInput) =>
  sql`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(input.geometry)}), 4326))`

/** Stores a new assessment as version 1; returns its id. */
export async function insertAssessment(
  tx: Orm,
  input: PlanningAssessmentInput,
  county: string,
  findings: PlanningFinding[],
  by: string,
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO planning_assessments (title, land_uses, geom, version, classification, created_by, updated_by)
      VALUES (${input.title}, ${JSON.stringify(input.landUses)}::jsonb, ${planValue(input)}, 1, 'internal', ${by}, ${by})
      RETURNING id::text`,
  )
  await insertVersion(tx, row!.id, 1, input, county, findings, by)
  return row!.id
}

async function insertVersion(
  tx: Orm,
  id: string,
  version: number,
  input: PlanningAssessmentInput,
  county: string,
  findings: PlanningFinding[],
  by: string,
) {
  await queryRows(
    tx,
    sql`INSERT INTO planning_assessment_versions (assessment_id, version, title, input, county, findings, geom, created_by)
      VALUES (${id}::uuid, ${version}, ${input.title}, ${JSON.stringify(input)}::jsonb, ${county},
        ${JSON.stringify(findings)}::jsonb, ${planValue(input)}, ${by})`,
  )
}

/**
 * Adds a version to an assessment the caller may read and makes it the latest; returns the new
 * version's number, or null when there is no such assessment for the caller.
 */
export async function reviseAssessment(
  tx: Orm,
  access: Access,
  id: string,
  input: PlanningAssessmentInput,
  county: string,
  findings: PlanningFinding[],
): Promise<{ before: number; after: number } | null> {
  // Note: the row lock serialises two planners revising at once, so versions never collide.
  const [current] = await queryRows<{ version: number }>(
    tx,
    sql`SELECT t.version FROM planning_assessments t WHERE t.id = ${id}::uuid AND ${readable(access, 'hazards')} FOR UPDATE`,
  )
  if (!current) return null
  const next = Number(current.version) + 1
  await queryRows(
    tx,
    sql`UPDATE planning_assessments SET title = ${input.title}, land_uses = ${JSON.stringify(input.landUses)}::jsonb,
      geom = ${planValue(input)}, version = ${next}, updated_by = ${access.username}, updated_at = now()
      WHERE id = ${id}::uuid`,
  )
  await insertVersion(tx, id, next, input, county, findings, access.username)
  return { before: Number(current.version), after: next }
}

/** The assessments the caller may read, latest change first. */
export async function listAssessments(handle: Orm, access: Access): Promise<PlanningAssessmentSummary[]> {
  const rows = await queryRows<{
    id: string
    title: string
    version: number
    land_uses: LandUse[]
    updated_by: string
    updated_at: string | Date
  }>(
    handle,
    sql`SELECT t.id::text, t.title, t.version, t.land_uses, t.updated_by, t.updated_at
      FROM planning_assessments t WHERE ${readable(access, 'hazards')}
      ORDER BY t.updated_at DESC, t.id LIMIT 500`,
  )
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    version: Number(r.version),
    landUses: r.land_uses,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  }))
}

/** A version of an assessment (the latest when `version` is absent), or null when the caller has none such. */
export async function loadAssessment(
  handle: Orm,
  access: Access,
  id: string,
  version?: number,
): Promise<StoredAssessment | null> {
  const [row] = await queryRows<{
    id: string
    version: number
    versions: number
    input: PlanningAssessmentInput
    classification: StoredAssessment['classification']
    created_by: string
    created_at: string | Date
    updated_by: string
    updated_at: string | Date
  }>(
    handle,
    sql`SELECT t.id::text, v.version, t.version AS versions, v.input, t.classification,
        t.created_by, t.created_at, v.created_by AS updated_by, v.created_at AS updated_at
      FROM planning_assessments t JOIN planning_assessment_versions v ON v.assessment_id = t.id
      WHERE t.id = ${id}::uuid AND v.version = ${version ?? sql`t.version`} AND ${readable(access, 'hazards')}`,
  )
  if (!row) return null
  return {
    id: row.id,
    version: Number(row.version),
    versions: Number(row.versions),
    input: typeof row.input === 'string' ? JSON.parse(row.input) : row.input,
    classification: row.classification,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

/** Every version of an assessment the caller may read, oldest first; null when there is none such. */
export async function listVersions(
  handle: Orm,
  access: Access,
  id: string,
): Promise<AssessmentVersionSummary[] | null> {
  const rows = await queryRows<{
    version: number | null
    title: string
    input: PlanningAssessmentInput | string
    created_by: string
    created_at: string | Date
  }>(
    handle,
    sql`SELECT v.version, v.title, v.input, v.created_by, v.created_at
      FROM planning_assessments t LEFT JOIN planning_assessment_versions v ON v.assessment_id = t.id
      WHERE t.id = ${id}::uuid AND ${readable(access, 'hazards')} ORDER BY v.version`,
  )
  if (rows.length === 0) return null
  return rows
    .filter((r) => r.version !== null)
    .map((r) => {
      const input = typeof r.input === 'string' ? (JSON.parse(r.input) as PlanningAssessmentInput) : r.input
      return {
        version: Number(r.version),
        title: r.title,
        landUses: input.landUses,
        createdBy: r.created_by,
        createdAt: new Date(r.created_at).toISOString(),
      }
    })
}
