/**
 * The RSA register, `/api/rsa`:
 * - `GET /scales`, `PUT /scales` (administrators; audited): the likelihood and consequence scales.
 * - `GET /versions`, `POST /versions` `{title, termStart, termEnd, copyFromId?}` (a new term's RSA,
 *   optionally a copy of the last), `PATCH /versions/:id` `{title?, sections?}`.
 * - `GET /versions/:id/risks`, `GET /versions/:id/matrix?protectedValue=`,
 *   `GET /versions/:id/report.pdf?lang=sv|en`, `GET /compare?from=&to=`.
 * - `POST /risks` `{versionId, ...}`, `GET|PATCH|DELETE /risks/:id`.
 * - `POST /risks/:id/measures`, `PATCH|DELETE /measures/:id`.
 * Reading: every signed-in role, each risk within its clearance for the hazards theme (a risk the
 * caller may not read is absent everywhere: lists, matrix counts, comparisons, the report). Writing:
 * the roles that edit the RSA layer. Every write is audited in the same transaction.
 */
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { minimumClassification, rulesFor } from '../../common/classification-rules.ts'
import type { Classification } from '../../common/domain.ts'
import { Capability, higherClassification, mayEditLayer, mayRead } from '../../common/permissions.ts'
import {
  compareRegisters,
  MeasureChange,
  MeasureInput,
  ProtectedValueKey,
  RiskChange,
  RiskCreate,
  type RiskInput,
  RsaScales,
  riskMatrix,
  VersionChange,
  VersionCreate,
} from '../../common/rsa.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, forbidden, requireCapability } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { geometryValue, requireValidGeometry } from '../layers/geometry-checks.ts'
import {
  currentScales,
  linkedIncidents,
  listVersions,
  readableRisk,
  readRisk,
  readRisks,
  readVersion,
} from './register.ts'
import { rsaReportPdf } from './report-pdf.ts'

const IdParam = z.object({ id: z.uuid('ids are UUIDs') }).strict()
const MatrixQuery = z.object({ protectedValue: ProtectedValueKey.optional() }).strict()
const CompareQuery = z.object({ from: z.uuid(), to: z.uuid() }).strict()
const ReportQuery = z.object({ lang: z.enum(['sv', 'en']).default('sv') }).strict()

function requireEditor(access: Access) {
  if (!mayEditLayer(access.role, 'rsa-risks')) throw forbidden(`The role ${access.role} may not edit the RSA`)
}

/** The classification a risk is stored with: asked for or kept, raised to the rules' floor, within the writer's clearance. */
function riskClassification(
  access: Access,
  risk: Pick<RiskInput, 'likelihood' | 'consequences'>,
  requested: Classification | undefined,
  current: Classification,
): Classification {
  const floor = minimumClassification('rsa-risks', risk)
  if (requested && higherClassification(requested, floor) !== requested)
    throw new HttpError(
      400,
      'validation_failed',
      `classification: this risk is at least ${floor} (${rulesFor('rsa-risks', risk)
        .map((r) => r.reason.en)
        .join('; ')})`,
      { path: 'classification' },
    )
  const classification = higherClassification(requested ?? current, floor)
  if (!mayRead(access.role, 'hazards', classification))
    throw forbidden(`Risks like this are ${classification}: above your own clearance`)
  return classification
}

async function checkAssets(tx: Orm, access: Access, ids: readonly string[]) {
  if (!ids.length) return
  const found = await queryRows<{ id: string }>(
    tx,
    sql`SELECT a.id::text AS id FROM critical_assets a WHERE a.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) AND ${mayRead(access.role, 'infrastructure', 'restricted') ? sql`true` : sql`a.classification <> 'restricted'`}`,
  )
  const missing = ids.find((id) => !found.some((f) => f.id === id))
  if (missing)
    throw new HttpError(
      400,
      'validation_failed',
      `criticalAssetIds: no critical asset has the id ${missing}`,
      {
        path: 'criticalAssetIds',
      },
    )
}

async function geometrySql(tx: Orm, geometry: RiskInput['geometry']) {
  if (!geometry) return sql`NULL`
  const value = geometryValue(geometry as Parameters<typeof geometryValue>[0])
  await requireValidGeometry(tx, value)
  return value
}

/** A measure's risk, readable and writable by the caller; 404 otherwise. */
async function measureRisk(tx: Orm, access: Access, measureId: string): Promise<string> {
  const [row] = await queryRows<{ risk_id: string }>(
    tx,
    sql`SELECT m.risk_id::text AS risk_id FROM rsa_measures m JOIN rsa_risks r ON r.id = m.risk_id
      WHERE m.id = ${measureId}::uuid AND ${readableRisk(access)}`,
  )
  if (!row) throw notFound(`No measure with the id ${measureId}`)
  return row.risk_id
}

export function rsaRoutes(db: Database, config: { kommun: string }) {
  const audit = (
    tx: Orm,
    access: Access,
    action: AuditAction,
    entity: string,
    id: string,
    before: unknown,
    after: unknown,
  ) => appendAudit(tx, { actor: access.username, action, entity, entityId: id, before, after })

  return new Hono<AppEnv>()
    .get('/scales', async (c) => c.json({ scales: await currentScales(db.orm) }))
    .put(
      '/scales',
      async (c, next) => {
        requireCapability(accessOf(c), Capability.manageRsaScales)
        await next()
      },
      validate('json', RsaScales),
      async (c) => {
        const access = accessOf(c)
        const scales = c.req.valid('json')
        const after = await db.transaction(async (tx) => {
          const before = await currentScales(tx)
          await tx.execute(sql`DELETE FROM rsa_scale_levels`)
          for (const scale of ['likelihood', 'consequence'] as const)
            for (const l of scales[scale])
              await tx.execute(sql`INSERT INTO rsa_scale_levels (scale, level, label_sv, label_en, description_sv, description_en, updated_by)
              VALUES (${scale}, ${l.level}, ${l.sv}, ${l.en}, ${l.descriptionSv}, ${l.descriptionEn}, ${access.username})`)
          const saved = await currentScales(tx)
          await audit(tx, access, AuditAction.update, 'rsa-scales', 'scales', before, saved)
          return saved
        })
        return c.json({ scales: after })
      },
    )
    .get('/versions', async (c) => c.json({ versions: await listVersions(db.orm) }))
    .post(
      '/versions',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('json', VersionCreate),
      async (c) => {
        const access = accessOf(c)
        const input = c.req.valid('json')
        const version = await db.transaction(async (tx) => {
          if (input.copyFromId) await readVersion(tx, input.copyFromId)
          const [row] = await queryRows<{ id: string }>(
            tx,
            sql`INSERT INTO rsa_versions (title, term_start, term_end, copied_from_id, sections, created_by, updated_by)
            SELECT ${input.title}, ${input.termStart}, ${input.termEnd}, ${input.copyFromId ?? null}::uuid,
              coalesce((SELECT sections FROM rsa_versions WHERE id = ${input.copyFromId ?? null}::uuid), '{}'::jsonb),
              ${access.username}, ${access.username}
            RETURNING id::text AS id`,
          )
          const id = row!.id
          if (input.copyFromId) {
            // Every risk and its measures come along, each copy keeping its lineage for the comparison.
            await tx.execute(sql`
            WITH copies AS (
              SELECT r.*, gen_random_uuid() AS new_id FROM rsa_risks r WHERE r.version_id = ${input.copyFromId}::uuid),
            risks AS (
              INSERT INTO rsa_risks (id, version_id, lineage_id, title, hazard, description, analysis_year, likelihood,
                consequences, vulnerabilities, measures, owner_actor_id, geom, uncertainty, gaps, critical_activities,
                critical_asset_ids, classification, created_by, updated_by)
              SELECT new_id, ${id}::uuid, coalesce(lineage_id, id), title, hazard, description, ${input.termStart},
                likelihood, consequences, vulnerabilities, measures, owner_actor_id, geom, uncertainty, gaps,
                critical_activities, critical_asset_ids, classification, ${access.username}, ${access.username}
              FROM copies RETURNING id)
            INSERT INTO rsa_measures (risk_id, title, owner, deadline, status, classification, created_by, updated_by)
            SELECT c.new_id, m.title, m.owner, m.deadline, m.status, m.classification, ${access.username}, ${access.username}
            FROM rsa_measures m JOIN copies c ON c.id = m.risk_id`)
          }
          const saved = await readVersion(tx, id)
          await audit(tx, access, AuditAction.create, 'rsa-versions', id, null, saved)
          return saved
        })
        return c.json({ version }, 201)
      },
    )
    .patch(
      '/versions/:id',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('param', IdParam),
      validate('json', VersionChange),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const change = c.req.valid('json')
        const version = await db.transaction(async (tx) => {
          const before = await readVersion(tx, id)
          await tx.execute(sql`UPDATE rsa_versions SET
          title = ${change.title ?? before.title},
          sections = ${JSON.stringify({ ...before.sections, ...change.sections })}::jsonb,
          updated_by = ${access.username}, updated_at = now() WHERE id = ${id}::uuid`)
          const after = await readVersion(tx, id)
          await audit(tx, access, AuditAction.update, 'rsa-versions', id, before, after)
          return after
        })
        return c.json({ version })
      },
    )
    .get('/versions/:id/risks', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      await readVersion(db.orm, id)
      return c.json({ risks: await readRisks(db.orm, accessOf(c), { versionId: id }) })
    })
    .get('/versions/:id/matrix', validate('param', IdParam), validate('query', MatrixQuery), async (c) => {
      const { id } = c.req.valid('param')
      const { protectedValue } = c.req.valid('query')
      await readVersion(db.orm, id)
      const risks = await readRisks(db.orm, accessOf(c), { versionId: id })
      return c.json({ protectedValue: protectedValue ?? null, cells: riskMatrix(risks, protectedValue) })
    })
    .get(
      '/versions/:id/report.pdf',
      validate('param', IdParam),
      validate('query', ReportQuery),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const { lang } = c.req.valid('query')
        const version = await readVersion(db.orm, id)
        const { bytes, classification } = await rsaReportPdf(db, access, version, lang, config.kommun)
        await appendAudit(db.orm, {
          actor: access.username,
          action: AuditAction.export,
          entity: 'rsa-versions',
          entityId: id,
          details: { format: 'pdf', lang, classification },
        })
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="rsa-${version.termStart}-${version.termEnd}.pdf"`,
          'X-Classification': classification,
        })
      },
    )
    .get('/compare', validate('query', CompareQuery), async (c) => {
      const access = accessOf(c)
      const { from, to } = c.req.valid('query')
      const [before, after] = [await readVersion(db.orm, from), await readVersion(db.orm, to)]
      const comparison = compareRegisters(
        await readRisks(db.orm, access, { versionId: before.id }),
        await readRisks(db.orm, access, { versionId: after.id }),
      )
      return c.json({ from: before, to: after, ...comparison })
    })
    .post(
      '/risks',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('json', RiskCreate),
      async (c) => {
        const access = accessOf(c)
        const input = c.req.valid('json')
        const risk = await db.transaction(async (tx) => {
          const version = await readVersion(tx, input.versionId)
          const classification = riskClassification(access, input, input.classification, 'internal')
          await checkAssets(tx, access, input.criticalAssetIds)
          const geom = await geometrySql(tx, input.geometry)
          const [row] = await queryRows<{ id: string }>(
            tx,
            sql`INSERT INTO rsa_risks (version_id, title, hazard, description, analysis_year, likelihood, consequences,
              uncertainty, vulnerabilities, gaps, critical_activities, critical_asset_ids, geom, classification, created_by, updated_by)
            VALUES (${version.id}::uuid, ${input.title}, ${input.hazard}, ${input.description ?? null}, ${version.termStart},
              ${input.likelihood}, ${JSON.stringify(input.consequences)}::jsonb, ${input.uncertainty},
              ${input.vulnerabilities ?? null}, ${input.gaps ?? null}, ${input.criticalActivities ?? null},
              ${JSON.stringify(input.criticalAssetIds)}::jsonb, ${geom}, ${classification}, ${access.username}, ${access.username})
            RETURNING id::text AS id`,
          )
          const id = row!.id
          await tx.execute(sql`UPDATE rsa_risks SET lineage_id = id WHERE id = ${id}::uuid`)
          const saved = await readRisk(tx, access, id)
          await audit(tx, access, AuditAction.create, 'rsa-risks', id, null, saved)
          return saved
        })
        return c.json({ risk }, 201)
      },
    )
    .get('/risks/:id', validate('param', IdParam), async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const risk = await readRisk(db.orm, access, id)
      return c.json({ risk, incidents: await linkedIncidents(db.orm, access, id) })
    })
    .patch(
      '/risks/:id',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('param', IdParam),
      validate('json', RiskChange),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const change = c.req.valid('json')
        const risk = await db.transaction(async (tx) => {
          const before = await readRisk(tx, access, id)
          const merged = {
            likelihood: change.likelihood ?? before.likelihood,
            consequences: change.consequences ?? before.consequences,
          }
          const classification = riskClassification(
            access,
            merged,
            change.classification,
            before.classification,
          )
          if (change.criticalAssetIds) await checkAssets(tx, access, change.criticalAssetIds)
          const geom = change.geometry !== undefined ? await geometrySql(tx, change.geometry) : sql`geom`
          const v = <T>(value: T | undefined, column: string) =>
            value === undefined ? sql.raw(column) : sql`${value}`
          await tx.execute(sql`UPDATE rsa_risks SET
          title = ${v(change.title, 'title')}, hazard = ${v(change.hazard, 'hazard')},
          description = ${v(change.description, 'description')}, likelihood = ${merged.likelihood},
          consequences = ${JSON.stringify(merged.consequences)}::jsonb, uncertainty = ${v(change.uncertainty, 'uncertainty')},
          vulnerabilities = ${v(change.vulnerabilities, 'vulnerabilities')}, gaps = ${v(change.gaps, 'gaps')},
          critical_activities = ${v(change.criticalActivities, 'critical_activities')},
          critical_asset_ids = ${change.criticalAssetIds ? sql`${JSON.stringify(change.criticalAssetIds)}::jsonb` : sql`critical_asset_ids`},
          geom = ${geom}, classification = ${classification}, updated_by = ${access.username}, updated_at = now()
          WHERE id = ${id}::uuid`)
          const after = await readRisk(tx, access, id)
          await audit(tx, access, AuditAction.update, 'rsa-risks', id, before, after)
          return after
        })
        return c.json({ risk })
      },
    )
    .delete(
      '/risks/:id',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('param', IdParam),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        await db.transaction(async (tx) => {
          const before = await readRisk(tx, access, id)
          await tx.execute(sql`DELETE FROM rsa_risks WHERE id = ${id}::uuid`)
          await audit(tx, access, AuditAction.delete, 'rsa-risks', id, before, null)
        })
        return c.body(null, 204)
      },
    )
    .post(
      '/risks/:id/measures',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('param', IdParam),
      validate('json', MeasureInput),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const input = c.req.valid('json')
        const risk = await db.transaction(async (tx) => {
          const before = await readRisk(tx, access, id)
          const [row] = await queryRows<{ id: string }>(
            tx,
            sql`INSERT INTO rsa_measures (risk_id, title, owner, deadline, status, classification, created_by, updated_by)
            VALUES (${id}::uuid, ${input.title}, ${input.owner}, ${input.deadline ?? null}::date, ${input.status},
              ${before.classification}, ${access.username}, ${access.username}) RETURNING id::text AS id`,
          )
          const after = await readRisk(tx, access, id)
          await audit(
            tx,
            access,
            AuditAction.create,
            'rsa-measures',
            row!.id,
            null,
            after.measures.find((m) => m.id === row!.id),
          )
          return after
        })
        return c.json({ risk }, 201)
      },
    )
    .patch(
      '/measures/:id',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('param', IdParam),
      validate('json', MeasureChange),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const change = c.req.valid('json')
        const risk = await db.transaction(async (tx) => {
          const riskId = await measureRisk(tx, access, id)
          const before = (await readRisk(tx, access, riskId)).measures.find((m) => m.id === id)
          await tx.execute(sql`UPDATE rsa_measures SET
          title = ${change.title ?? before?.title}, owner = ${change.owner ?? before?.owner},
          deadline = ${change.deadline === undefined ? (before?.deadline ?? null) : change.deadline}::date,
          status = ${change.status ?? before?.status}, updated_by = ${access.username}, updated_at = now()
          WHERE id = ${id}::uuid`)
          const after = await readRisk(tx, access, riskId)
          await audit(
            tx,
            access,
            AuditAction.update,
            'rsa-measures',
            id,
            before,
            after.measures.find((m) => m.id === id),
          )
          return after
        })
        return c.json({ risk })
      },
    )
    .delete(
      '/measures/:id',
      async (c, next) => {
        requireEditor(accessOf(c))
        await next()
      },
      validate('param', IdParam),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        await db.transaction(async (tx) => {
          const riskId = await measureRisk(tx, access, id)
          const before = (await readRisk(tx, access, riskId)).measures.find((m) => m.id === id)
          await tx.execute(sql`DELETE FROM rsa_measures WHERE id = ${id}::uuid`)
          await audit(tx, access, AuditAction.delete, 'rsa-measures', id, before, null)
        })
        return c.body(null, 204)
      },
    )
}
