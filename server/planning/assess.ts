/**
 * The planner's report for one plan and one reader: the rules in force in the municipality's
 * county (its own, else the reference rules, else the national fallback), what PostGIS measures
 * about the plan, the verdicts (`judgePlan`), and the context around it. It is computed for the
 * reader each time it is read, from what that reader may read, so a stored assessment never
 * carries a name or a count to someone not cleared for it.
 */
import type { Classification } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import {
  type CountyCode,
  countyNames,
  type PlanningRuleKey,
  planningRuleKinds,
} from '../../common/planning.ts'
import {
  DEFAULT_CONTEXT_RADIUS_M,
  type HazardTarget,
  judgePlan,
  type PlanningAssessment,
  type PlanningAssessmentInput,
  type RuleBuffer,
  subAreasOf,
} from '../../common/planning-assessment.ts'
import type { Orm } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { districtSafety } from './district-safety.ts'
import {
  type BufferRequest,
  groundAreas,
  hazardBuffers,
  nearbyCriticalAssets,
  nearestHazards,
} from './measure.ts'
import { planningRulesFor } from './rules.ts'

export type PlanReport = Pick<
  PlanningAssessment,
  | 'title'
  | 'county'
  | 'countyName'
  | 'kommun'
  | 'landUses'
  | 'geometry'
  | 'subAreas'
  | 'areaM2'
  | 'contextRadiusM'
  | 'findings'
  | 'criticalAssets'
  | 'safety'
  | 'buffers'
  | 'classification'
  | 'computedAt'
>

export const countyOf = (kommun: string): CountyCode => {
  const code = kommun.slice(0, 2)
  if (!(code in countyNames)) throw new Error(`no county for kommun ${kommun}`)
  return code as CountyCode
}

/** The bands the map shows: each distance rule's limit along the objects it measures to. */
function bufferRequests(rules: Awaited<ReturnType<typeof planningRulesFor>>): BufferRequest[] {
  const requests: BufferRequest[] = []
  const routeTargets: Record<string, HazardTarget> = {
    primary: 'hazardous_goods_primary',
    secondary: 'hazardous_goods_secondary',
    railway: 'railway',
  }
  for (const rule of rules) {
    const key: PlanningRuleKey = rule.ruleKey
    if (key === 'hazardous_goods_assessment_distance') {
      const p = planningRuleKinds[key].parameters.parse(rule.parameters)
      requests.push({ key, limitM: p.distanceM, targets: p.appliesTo.map((a) => routeTargets[a]!) })
    } else if (key === 'railway_no_buildings') {
      const p = planningRuleKinds[key].parameters.parse(rule.parameters)
      requests.push({ key, limitM: p.distanceM, targets: ['railway'] })
    } else if (key === 'petrol_station_distances') {
      const p = planningRuleKinds[key].parameters.parse(rule.parameters)
      requests.push({ key, limitM: p.housingM, targets: ['petrol_station'] })
    }
  }
  return requests
}

/** The report on `input` in the municipality `kommun`, for `access`, as of `now`. */
export async function assessPlan(
  handle: Orm,
  access: Access,
  kommun: string,
  input: PlanningAssessmentInput,
  now = new Date(),
): Promise<PlanReport> {
  const county = countyOf(kommun)
  const rules = await planningRulesFor(handle, county)
  const areas = subAreasOf(input)
  const contextRadiusM = input.contextRadiusM ?? DEFAULT_CONTEXT_RADIUS_M
  const requests = bufferRequests(rules)
  const [measured, assets, safety, bands, sizes] = await Promise.all([
    nearestHazards(handle, access, areas),
    nearbyCriticalAssets(handle, access, input.geometry, contextRadiusM),
    districtSafety(handle, access, input.geometry, now),
    hazardBuffers(handle, access, input.geometry, requests, contextRadiusM),
    groundAreas(handle, [input.geometry, ...areas.map((a) => a.geometry)]),
  ])
  const buffers: RuleBuffer[] = requests.flatMap((r) => {
    const geometry = bands.get(r.key)
    return geometry ? [{ ruleKey: r.key as PlanningRuleKey, limitM: r.limitM, geometry }] : []
  })
  const classification = [...measured.classifications, ...assets.classifications].reduce<Classification>(
    (worst, c) =>
      c === 'open' || c === 'internal' || c === 'restricted' ? higherClassification(worst, c) : worst,
    'internal',
  )
  return {
    title: input.title,
    county,
    countyName: countyNames[county],
    kommun,
    landUses: input.landUses,
    geometry: input.geometry,
    subAreas: areas.map((a, i) => ({ ...a, areaM2: sizes[i + 1] ?? 0 })),
    areaM2: sizes[0] ?? 0,
    contextRadiusM,
    findings: judgePlan(rules, measured.measures, county),
    criticalAssets: assets.assets,
    safety,
    buffers,
    classification,
    computedAt: now.toISOString(),
  }
}
