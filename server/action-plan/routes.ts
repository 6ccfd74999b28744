/**
 * The action plan's own reads. Measures are created, changed and deleted as objects of the
 * `action-measures` layer (the features API, audited there); these routes add what a layer cannot
 * give: the plan at a glance and a measure's follow-up.
 *
 * - `GET /api/action-plan/measures` → `{ measures: [{ id, ...properties, overdue, classification }],
 *   summary: { planned, ongoing, completed, cancelled, overdue } }`, the measures the caller may read.
 * - `GET /api/action-plan/measures/{id}/follow-up?beforeMonths=12` → `MeasureFollowUp`
 *   (`common/action-plan.ts`).
 *
 * A measure the caller may not read answers like one that does not exist (404).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  ActionMeasureProperties,
  isOverdue,
  MeasureIndicator,
  type MeasureStatus,
  measureStatusTerms,
} from '../../common/action-plan.ts'
import { swedishDay } from '../../common/dates.ts'
import { Classification } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { type AppEnv, accessOf, requireReadableLayer } from '../http/access.ts'
import { notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { queryFeature, queryFeatures } from '../layers/query.ts'
import { layerSources } from '../layers/sources.ts'
import { followUpOf } from './follow-up.ts'

const source = layerSources.get('action-measures')!

const FollowUpQuery = z.object({ beforeMonths: z.coerce.number().int().min(1).max(60).default(12) }).strict()
const MeasureParams = z.object({ id: z.uuid('measure ids are UUIDs') })

/** What the follow-up reads of a measure's properties as the layer gives them. */
const FollowedMeasure = z.object({
  startDate: ActionMeasureProperties.shape.startDate,
  indicators: z.array(MeasureIndicator),
  classification: Classification,
})

export function actionPlanRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/measures', async (c) => {
      const access = accessOf(c)
      requireReadableLayer(access, source.info)
      const { features } = await queryFeatures(db, source, access, { filters: {}, limit: 10_000, offset: 0 })
      const day = swedishDay(new Date())
      const measures = features.map((f) => {
        const p = f.properties as { status: MeasureStatus; endDate: string | null }
        return { id: f.id, ...f.properties, status: p.status, overdue: isOverdue(p, day) }
      })
      const summary = {
        ...Object.fromEntries(Object.keys(measureStatusTerms).map((s) => [s, 0])),
        overdue: 0,
      } as Record<MeasureStatus | 'overdue', number>
      for (const m of measures) {
        summary[m.status] += 1
        if (m.overdue) summary.overdue += 1
      }
      return c.json({ measures, summary })
    })
    .get(
      '/measures/:id/follow-up',
      validate('param', MeasureParams),
      validate('query', FollowUpQuery),
      async (c) => {
        const access = accessOf(c)
        requireReadableLayer(access, source.info)
        const { id } = c.req.valid('param')
        const feature = await queryFeature(db, source, access, id)
        if (!feature) throw notFound(`No measure ${id}`)
        const measure = FollowedMeasure.parse(feature.properties)
        const { beforeMonths } = c.req.valid('query')
        return c.json(await followUpOf(db, access, { id, ...measure }, beforeMonths))
      },
    )
}
