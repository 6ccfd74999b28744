/**
 * The stored planning rules: the reference rules loaded from `data/planning-rules/` and the
 * counties' own adopted values an administrator entered. Read by `GET /api/planning/rules` and by
 * the planning report, which judges a plan by the rules that apply in its county.
 */
import { sql } from 'drizzle-orm'
import {
  type CountyRuleInput,
  type PlanningRule,
  planningRuleKinds,
  rulesForCounty,
} from '../../common/planning.ts'
import { type Orm, queryRows } from '../../db/client.ts'

interface RuleRow {
  id: string
  county: string
  rule_key: string
  version: string
  hazard_kind: string
  description: string
  description_en: string
  parameters: Record<string, unknown> | string
  source: string
  verified: boolean
  origin: string
  adopted_year: number | null
  updated_by: string
  updated_at: Date | string
}

const columns = sql`id, county, rule_key, version, hazard_kind, description, description_en, parameters,
  source, verified, origin, adopted_year, updated_by, updated_at`

function toRule(row: RuleRow): Omit<PlanningRule, 'inEffect'> {
  return {
    id: row.id,
    ruleKey: row.rule_key as PlanningRule['ruleKey'],
    county: row.county as PlanningRule['county'],
    version: row.version,
    hazardKind: row.hazard_kind as PlanningRule['hazardKind'],
    parameters: typeof row.parameters === 'string' ? JSON.parse(row.parameters) : row.parameters,
    source: row.source,
    verified: row.verified,
    origin: row.origin as PlanningRule['origin'],
    adoptedYear: row.adopted_year,
    description: { sv: row.description, en: row.description_en || row.description },
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

/**
 * Every stored rule, national first, then by county and key; a reference rule that a county's own
 * rule of the same key replaces is marked as not in effect.
 */
export async function listPlanningRules(handle: Orm): Promise<PlanningRule[]> {
  const rows = await queryRows<RuleRow>(
    handle,
    sql`SELECT ${columns} FROM planning_rules ORDER BY county, rule_key, origin DESC`,
  )
  const rules = rows.map(toRule)
  const adopted = new Set(rules.filter((r) => r.origin === 'county').map((r) => `${r.county}/${r.ruleKey}`))
  return rules.map((r) => ({
    ...r,
    inEffect: r.origin === 'county' || !adopted.has(`${r.county}/${r.ruleKey}`),
  }))
}

/** The rules a plan in this county is judged by: one per key, the most specific (see `rulesForCounty`). */
export async function planningRulesFor(handle: Orm, county: string): Promise<PlanningRule[]> {
  return rulesForCounty(await listPlanningRules(handle), county)
}

/**
 * Stores a county's own adopted values for one rule, replacing that county's earlier entry for the
 * same key. Returns the rule before (null when new) and after, for the audit record.
 */
export async function saveCountyRule(
  tx: Orm,
  input: CountyRuleInput,
  by: string,
): Promise<{ before: PlanningRule | null; after: PlanningRule }> {
  // Note: the row lock (or, for a new rule, the unique index) serialises two administrators.
  const [beforeRow] = await queryRows<RuleRow>(
    tx,
    sql`SELECT ${columns} FROM planning_rules
      WHERE county = ${input.county} AND rule_key = ${input.ruleKey} AND origin = 'county' FOR UPDATE`,
  )
  const description = input.description ?? {
    sv: `Länets egna antagna värden (${input.adoptedYear}).`,
    en: `The county's own adopted values (${input.adoptedYear}).`,
  }
  const [row] = await queryRows<RuleRow>(
    tx,
    sql`INSERT INTO planning_rules (county, rule_key, version, hazard_kind, description, description_en,
        parameters, source, verified, origin, adopted_year, classification, created_by, updated_by)
      VALUES (${input.county}, ${input.ruleKey}, ${input.version ?? String(input.adoptedYear)},
        ${planningRuleKinds[input.ruleKey].hazardKind}, ${description.sv}, ${description.en},
        ${JSON.stringify(input.parameters)}::jsonb, ${input.source}, true, 'county', ${input.adoptedYear},
        'open', ${by}, ${by})
      ON CONFLICT (county, rule_key, origin) DO UPDATE SET
        version = excluded.version, description = excluded.description,
        description_en = excluded.description_en, parameters = excluded.parameters,
        source = excluded.source, verified = true, adopted_year = excluded.adopted_year,
        updated_by = ${by}, updated_at = now()
      RETURNING ${columns}`,
  )
  return {
    before: beforeRow ? { ...toRule(beforeRow), inEffect: true } : null,
    after: { ...toRule(row), inEffect: true },
  }
}
