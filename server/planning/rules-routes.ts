/**
 * `GET /api/planning/rules`: the planning rules, in every mode (any signed-in user; they are
 * public guidance). `?county=05` gives only the rules that apply in that county.
 * `POST /api/planning/rules`: an administrator enters a county's own adopted values for a rule,
 * with source and year, replacing the county's earlier entry; audited with before and after.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { Capability } from '../../common/permissions.ts'
import { CountyCode, CountyRuleInput } from '../../common/planning.ts'
import type { Database } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type AppEnv, accessOf, requireCapability } from '../http/access.ts'
import { validate } from '../http/validate.ts'
import { listPlanningRules, planningRulesFor, saveCountyRule } from './rules.ts'

const RulesQuery = z.object({ county: CountyCode.optional() }).strict()

export function planningRuleRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/rules', validate('query', RulesQuery), async (c) => {
      const { county } = c.req.valid('query')
      const rules = county ? await planningRulesFor(db.orm, county) : await listPlanningRules(db.orm)
      return c.json({ rules })
    })
    .post('/rules', validate('json', CountyRuleInput), async (c) => {
      const access = accessOf(c)
      requireCapability(access, Capability.managePlanningRules)
      const input = c.req.valid('json')
      const { before, after } = await db.transaction(async (tx) => {
        const saved = await saveCountyRule(tx, input, access.username)
        await appendAudit(tx, {
          actor: access.username,
          action: saved.before ? AuditAction.update : AuditAction.create,
          entity: 'planning_rules',
          entityId: saved.after.id,
          before: saved.before,
          after: saved.after,
        })
        return saved
      })
      return c.json({ rule: after }, before ? 200 : 201)
    })
}
