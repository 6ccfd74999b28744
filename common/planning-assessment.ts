/**
 * The planner's risk report (*riskbedömning i detaljplan*): what a plan is, what was measured about
 * it, and how each planning rule judges it. The server measures in PostGIS (SWEREF 99 TM) and
 * calls `judgePlan`; the client and the PDF print the findings with the words kept here, so the
 * screen and the paper say the same thing.
 *
 * Every distance and level a verdict uses comes from the rule's parameters (`common/planning.ts`,
 * stored as data); this file holds only what the land-use letters mean (which build, which are
 * critical functions) and how a measurement meets a parameter.
 */
import type { Position } from 'geojson'
import { z } from 'zod'
import type { Term } from './domain.ts'
import { countVertices, MultiPolygonGeometry, PolygonGeometry } from './geojson.ts'
import {
  type CountyCode,
  LandUse,
  type PlanningHazardKind,
  type PlanningRule,
  type PlanningRuleKey,
  planningRuleKinds,
} from './planning.ts'

/** The most vertices a plan (all its rings and sub-areas together) may have. */
export const MAX_PLAN_VERTICES = 5000
/** The most sub-areas a plan may be split into. */
export const MAX_SUB_AREAS = 20

const PlanGeometry = z.discriminatedUnion('type', [PolygonGeometry, MultiPolygonGeometry])
export type PlanGeometry = z.infer<typeof PlanGeometry>

const LandUses = z
  .array(LandUse)
  .min(1, 'give at least one land-use letter')
  .max(16)
  .refine((uses) => new Set(uses).size === uses.length, 'a land-use letter appears twice')

/** A part of the plan with its own land uses (*användningsområde*). */
export const PlanningSubArea = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    landUses: LandUses,
    geometry: PlanGeometry,
  })
  .strict()
export type PlanningSubArea = z.infer<typeof PlanningSubArea>

/**
 * `POST /api/planning/assessments` and a revision: the plan area, its land uses, and optionally its
 * sub-areas each with their own land uses (without them the whole plan is one area with
 * `landUses`). `contextRadiusM` is how far around the plan critical assets are listed.
 */
export const PlanningAssessmentInput = z
  .object({
    title: z.string().trim().min(1, 'give the plan a title').max(200),
    geometry: PlanGeometry,
    landUses: LandUses,
    subAreas: z.array(PlanningSubArea).max(MAX_SUB_AREAS).optional(),
    contextRadiusM: z.number().int().min(50).max(2000).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const vertices =
      countVertices(input.geometry.coordinates) +
      (input.subAreas ?? []).reduce((n, s) => n + countVertices(s.geometry.coordinates), 0)
    if (vertices > MAX_PLAN_VERTICES)
      ctx.addIssue({
        code: 'custom',
        path: ['geometry'],
        message: `the plan has ${vertices} vertices; at most ${MAX_PLAN_VERTICES} allowed`,
      })
    for (const [i, sub] of (input.subAreas ?? []).entries())
      for (const use of sub.landUses)
        if (!input.landUses.includes(use))
          ctx.addIssue({
            code: 'custom',
            path: ['subAreas', i, 'landUses'],
            message: `${use} is not among the plan's land uses`,
          })
  })
export type PlanningAssessmentInput = z.infer<typeof PlanningAssessmentInput>

export const DEFAULT_CONTEXT_RADIUS_M = 500

/** The sub-areas a plan is judged by: its own (named 1, 2, … unless named), or the whole plan as one. */
export function subAreasOf(input: PlanningAssessmentInput): (PlanningSubArea & { name: string })[] {
  if (!input.subAreas?.length)
    return [{ name: input.title, landUses: input.landUses, geometry: input.geometry }]
  return input.subAreas.map((s, i) => ({ ...s, name: s.name ?? `${i + 1}` }))
}

// What the land-use letters mean for the rules. Boverket's letters, not county values.

/** Land uses laid out without buildings: farmland, outdoor recreation, surface parking, traffic. */
export const landUsesWithoutBuildings: readonly LandUse[] = ['L', 'N', 'P', 'T']
/** Critical functions (*samhällsviktiga funktioner*) a plan may place: care, schools, technical facilities. */
export const criticalFunctionLandUses: readonly LandUse[] = ['D', 'S', 'E']
export const housingLandUses: readonly LandUse[] = ['B']
export const officeLandUses: readonly LandUse[] = ['K']
/** Which land uses house the groups SMHI's heat warnings name. */
export const heatSensitiveLandUses: Record<'care_home' | 'preschool', readonly LandUse[]> = {
  care_home: ['D'],
  preschool: ['S'],
}

export const builds = (uses: readonly LandUse[]) => uses.some((u) => !landUsesWithoutBuildings.includes(u))

/** The kinds of object the report measures to, each from one stored layer. */
export const hazardTargets = [
  'hazardous_goods_primary',
  'hazardous_goods_secondary',
  'railway',
  'petrol_station',
  'seveso',
  'seveso_consultation',
  'flood_100',
  'flood_200',
  'flood_bhf',
] as const
export type HazardTarget = (typeof hazardTargets)[number]

/** The nearest object of a kind to an area: metres in SWEREF 99 TM, 0 when they touch. */
export interface Nearest {
  distanceM: number
  name: string
  /** The shortest line from the area to the object, WGS 84, for the map. */
  line: [Position, Position]
}

/** What PostGIS measured for one sub-area. */
export interface SubAreaMeasure {
  name: string
  landUses: LandUse[]
  nearest: Record<HazardTarget, Nearest | null>
}

export const Verdict = z.enum(['ok', 'assess', 'conflict'])
export type Verdict = z.infer<typeof Verdict>
const verdictRank: Record<Verdict, number> = { ok: 0, assess: 1, conflict: 2 }

export const verdictTerms: Record<Verdict, Term> = {
  ok: { sv: 'Uppfyller regeln', en: 'Meets the rule' },
  assess: { sv: 'Ska utredas', en: 'Must be assessed' },
  conflict: { sv: 'Strider mot regeln', en: 'Conflicts with the rule' },
}

/** How one sub-area fares under one rule. */
export interface SubAreaVerdict {
  subArea: string
  verdict: Verdict
  distanceM: number | null
  limitM: number | null
  subjectName: string | null
  line: [Position, Position] | null
  reason: Term
}

/** One rule's finding on the whole plan: the worst of its sub-areas, nearest first among equals. */
export interface PlanningFinding {
  ruleKey: PlanningRuleKey
  hazardKind: PlanningHazardKind
  verdict: Verdict
  distanceM: number | null
  limitM: number | null
  subjectName: string | null
  source: string
  verified: boolean
  /** The rule is the county's own (or a county rule in the reference file), not the national fallback. */
  countyRule: boolean
  ruleVersion: string
  description: Term
  subArea: string | null
  line: [Position, Position] | null
  reason: Term
  subAreas: SubAreaVerdict[]
}

const m = (n: number) => `${Math.round(n * 10) / 10} m`
const say = (sv: string, en: string): Term => ({ sv, en })

type Judge<K extends PlanningRuleKey> = (
  parameters: z.infer<(typeof planningRuleKinds)[K]['parameters']>,
  area: SubAreaMeasure,
  context: { areas: SubAreaMeasure[]; rules: readonly PlanningRule[] },
) => Omit<SubAreaVerdict, 'subArea'>

const nearestOf = (area: SubAreaMeasure, targets: readonly HazardTarget[]): Nearest | null =>
  targets
    .map((t) => area.nearest[t])
    .filter((n): n is Nearest => n !== null)
    .sort((a, b) => a.distanceM - b.distanceM)[0] ?? null

const routeTargets: Record<'primary' | 'secondary' | 'railway', HazardTarget> = {
  primary: 'hazardous_goods_primary',
  secondary: 'hazardous_goods_secondary',
  railway: 'railway',
}

const at = (n: Nearest | null) => ({
  distanceM: n?.distanceM ?? null,
  subjectName: n?.name ?? null,
  line: n?.line ?? null,
})

const zoneOrder = { A: 0, B: 1, C: 2 } as const
type Zone = keyof typeof zoneOrder

/** The zone a sub-area needs: the furthest from the route that any of its land uses belongs in. */
function zoneOf(zones: Record<Zone, readonly LandUse[]>, uses: readonly LandUse[]): Zone {
  // Note: a letter listed in two zones (retail, sports) may lie in the nearer; the area is as far
  // out as its most demanding letter.
  let worst: Zone = 'A'
  for (const use of uses) {
    const nearest = (['A', 'B', 'C'] as const).find((z) => zones[z].includes(use)) ?? 'C'
    if (zoneOrder[nearest] > zoneOrder[worst]) worst = nearest
  }
  return worst
}

/** The assessment distance in force (the hazardous-goods rule), for the rules that build on it. */
function assessmentRule(rules: readonly PlanningRule[]) {
  const rule = rules.find((r) => r.ruleKey === 'hazardous_goods_assessment_distance')
  if (!rule) return null
  const parsed = planningRuleKinds.hazardous_goods_assessment_distance.parameters.safeParse(rule.parameters)
  return parsed.success ? parsed.data : null
}

/**
 * How each rule judges one sub-area. Keyed by every rule key, so a rule added to
 * `planningRuleKinds` without a judge does not compile. "Within x m" means nearer than x: at the
 * limit itself a plan meets the rule.
 */
const judges: { [K in PlanningRuleKey]: Judge<K> } = {
  hazardous_goods_assessment_distance: (p, area) => {
    const route = nearestOf(
      area,
      p.appliesTo.map((a) => routeTargets[a]),
    )
    const within = route !== null && route.distanceM < p.distanceM
    return {
      ...at(route),
      limitM: p.distanceM,
      verdict: within ? 'assess' : 'ok',
      reason: within
        ? say(
            `${m(route.distanceM)} till ${route.name}, inom ${p.distanceM} m: risken ska bedömas i en riskutredning.`,
            `${m(route.distanceM)} to ${route.name}, within ${p.distanceM} m: the risk must be assessed in a risk investigation.`,
          )
        : route
          ? say(
              `${m(route.distanceM)} till närmaste led (${route.name}), utanför ${p.distanceM} m.`,
              `${m(route.distanceM)} to the nearest route (${route.name}), beyond ${p.distanceM} m.`,
            )
          : say('Ingen transportled för farligt gods i kartan.', 'No hazardous-goods route on the map.'),
    }
  },

  hazardous_goods_land_use_zones: (p, area, { areas, rules }) => {
    const assessment = assessmentRule(rules)
    const targets = (assessment?.appliesTo ?? ['primary', 'secondary', 'railway']).map((a) => routeTargets[a])
    const limit = assessment?.distanceM ?? null
    const route = nearestOf(area, targets)
    const zone = zoneOf(p.zones, area.landUses)
    if (!route || limit === null || route.distanceM >= limit)
      return {
        ...at(route),
        limitM: limit,
        verdict: 'ok',
        reason: say(
          `Zon ${zone}; området ligger utanför ${limit ?? '–'} m från leden.`,
          `Zone ${zone}; the area lies beyond ${limit ?? '–'} m from the route.`,
        ),
      }
    // Zones run from the route outwards: an area needing a further zone than another area that
    // lies further from the route has them in the wrong order.
    const outOfOrder = areas.find((other) => {
      const otherRoute = nearestOf(other, targets)
      return (
        otherRoute !== null &&
        otherRoute.distanceM > route.distanceM &&
        zoneOrder[zoneOf(p.zones, other.landUses)] < zoneOrder[zone]
      )
    })
    if (outOfOrder)
      return {
        ...at(route),
        limitM: limit,
        verdict: 'conflict',
        reason: say(
          `Zon ${zone} (${area.landUses.join(', ')}) ligger närmare leden än delområde ${outOfOrder.name} i en lägre zon: zonerna ska följa avståndet A, B, C.`,
          `Zone ${zone} (${area.landUses.join(', ')}) lies nearer the route than sub-area ${outOfOrder.name} in a lower zone: the zones must run A, B, C outwards.`,
        ),
      }
    return {
      ...at(route),
      limitM: limit,
      verdict: zone === 'A' ? 'ok' : 'assess',
      reason:
        zone === 'A'
          ? say(
              `Zon A (${area.landUses.join(', ')}) får ligga närmast leden.`,
              `Zone A (${area.landUses.join(', ')}) may lie nearest the route.`,
            )
          : say(
              `Zon ${zone} (${area.landUses.join(', ')}) inom ${limit} m: riskutredningen ska visa zongränsen.`,
              `Zone ${zone} (${area.landUses.join(', ')}) within ${limit} m: the risk investigation must set the zone limit.`,
            ),
    }
  },

  railway_no_buildings: (p, area) => {
    const track = area.nearest.railway
    if (!builds(area.landUses))
      return {
        ...at(track),
        limitM: p.distanceM,
        verdict: 'ok',
        reason: say(
          `Användningen (${area.landUses.join(', ')}) ger ingen bebyggelse.`,
          `The land use (${area.landUses.join(', ')}) has no buildings.`,
        ),
      }
    const within = track !== null && track.distanceM < p.distanceM
    return {
      ...at(track),
      limitM: p.distanceM,
      verdict: within ? 'conflict' : 'ok',
      reason: within
        ? say(
            `Bebyggelse ${m(track.distanceM)} från spåret, närmare än ${p.distanceM} m.`,
            `Buildings ${m(track.distanceM)} from the track, nearer than ${p.distanceM} m.`,
          )
        : track
          ? say(
              `Bebyggelse ${m(track.distanceM)} från spåret, minst ${p.distanceM} m.`,
              `Buildings ${m(track.distanceM)} from the track, at least ${p.distanceM} m.`,
            )
          : say('Ingen järnväg i kartan.', 'No railway on the map.'),
    }
  },

  petrol_station_distances: (p, area) => {
    const station = area.nearest.petrol_station
    const housing = area.landUses.some((u) => housingLandUses.includes(u))
    const offices = area.landUses.some((u) => officeLandUses.includes(u))
    const limit = housing ? p.housingM : offices ? p.officesM : null
    const within = station !== null && limit !== null && station.distanceM < limit
    return {
      ...at(station),
      limitM: limit,
      verdict: within ? 'conflict' : 'ok',
      reason: within
        ? say(
            `${housing ? 'Bostäder' : 'Kontor'} ${m(station.distanceM)} från ${station.name}, närmare än ${limit} m.`,
            `${housing ? 'Housing' : 'Offices'} ${m(station.distanceM)} from ${station.name}, nearer than ${limit} m.`,
          )
        : limit === null
          ? say('Varken bostäder eller kontor i området.', 'Neither housing nor offices in the area.')
          : say(
              `${housing ? 'Bostäder' : 'Kontor'} minst ${limit} m från närmaste drivmedelsstation.`,
              `${housing ? 'Housing' : 'Offices'} at least ${limit} m from the nearest petrol station.`,
            ),
    }
  },

  seveso_safety_distance: (p, area) => {
    const site = area.nearest.seveso
    const zone = area.nearest.seveso_consultation
    const inside = zone !== null && zone.distanceM === 0
    return {
      ...at(site),
      limitM: null,
      verdict: inside ? 'assess' : 'ok',
      reason: inside
        ? say(
            `Inom samrådszonen ${zone.name}: skyddsavståndet bestäms från fall till fall${p.detailedPlanRequired ? ' och detaljplan krävs' : ''}.`,
            `Inside the consultation zone ${zone.name}: the safety distance is set case by case${p.detailedPlanRequired ? ' and a detailed plan is required' : ''}.`,
          )
        : say(
            'Utanför Sevesoverksamheternas samrådszoner.',
            'Outside the consultation zones of Seveso sites.',
          ),
    }
  },

  flood_critical_functions_above_bhf: (p, area) => {
    const inside = p.zonesMapped.filter((z) => area.nearest[z]?.distanceM === 0)
    const nearest = nearestOf(area, p.zonesMapped)
    const critical = area.landUses.filter((u) => criticalFunctionLandUses.includes(u))
    const building = builds(area.landUses)
    const base = { ...at(nearest), limitM: null }
    if (building && inside.includes('flood_100'))
      return {
        ...base,
        verdict: 'conflict',
        reason: say(
          'Bebyggelse inom 100-årsflödets utbredning.',
          "Buildings within the 100-year flood's extent.",
        ),
      }
    if (critical.length && inside.includes(p.criticalFunctionsAbove))
      return {
        ...base,
        verdict: 'conflict',
        reason: say(
          `Samhällsviktig funktion (${critical.join(', ')}) under nivån för ${floodTerms[p.criticalFunctionsAbove].sv}.`,
          `Critical function (${critical.join(', ')}) below the level of the ${floodTerms[p.criticalFunctionsAbove].en}.`,
        ),
      }
    if (building && inside.includes(p.continuousDevelopmentAbove))
      return {
        ...base,
        verdict: 'assess',
        reason: say(
          `Ny bebyggelse inom ${floodTerms[p.continuousDevelopmentAbove].sv}: sammanhållen bebyggelse ska ligga över den nivån.`,
          `New buildings within the ${floodTerms[p.continuousDevelopmentAbove].en}: continuous development belongs above that level.`,
        ),
      }
    return {
      ...base,
      verdict: 'ok',
      reason: inside.length
        ? say(
            'Översvämningsytan berör bara mark utan bebyggelse.',
            'The flood extent touches only land without buildings.',
          )
        : say('Utanför de karterade översvämningsytorna.', 'Outside the mapped flood extents.'),
    }
  },

  flood_malaren_min_level: (p, area) => minimumLevel(p, area),
  flood_baltic_min_level: (p, area) => minimumLevel(p, area),

  heat_warning: (p, area) => {
    const sensitive = p.sensitive
      .flatMap((s) => heatSensitiveLandUses[s])
      .filter((u) => area.landUses.includes(u))
    return {
      distanceM: null,
      limitM: null,
      subjectName: null,
      line: null,
      verdict: sensitive.length ? 'assess' : 'ok',
      reason: sensitive.length
        ? say(
            `Värmekänslig verksamhet (${sensitive.join(', ')}): planera skugga och svalka (varning vid ${p.temperatureC} °C i ${p.days} dagar).`,
            `Heat-sensitive use (${sensitive.join(', ')}): plan for shade and cooling (warning at ${p.temperatureC} °C for ${p.days} days).`,
          )
        : say('Ingen värmekänslig verksamhet.', 'No heat-sensitive use.'),
    }
  },
}

const floodTerms = {
  flood_100: { sv: '100-årsflödet', en: '100-year flood' },
  flood_200: { sv: '200-årsflödet', en: '200-year flood' },
  flood_bhf: { sv: 'beräknat högsta flöde (BHF)', en: 'highest calculated flow (BHF)' },
} as const satisfies Record<string, Term>

function minimumLevel(
  p: z.infer<(typeof planningRuleKinds)['flood_malaren_min_level']['parameters']>,
  area: SubAreaMeasure,
): Omit<SubAreaVerdict, 'subArea'> {
  const building = builds(area.landUses)
  return {
    distanceM: null,
    limitM: null,
    subjectName: p.water,
    line: null,
    verdict: building ? 'assess' : 'ok',
    reason: building
      ? say(
          `Ny bebyggelse vid ${p.water} ska ligga på +${p.minLevelM} m (${p.heightSystem}) eller högre: visa marknivån.`,
          `New buildings by ${p.water} belong at +${p.minLevelM} m (${p.heightSystem}) or higher: show the ground level.`,
        )
      : say('Ingen bebyggelse.', 'No buildings.'),
  }
}

/** Orders sub-area verdicts worst first, then nearest first. */
function worseFirst(a: SubAreaVerdict, b: SubAreaVerdict): number {
  const byVerdict = verdictRank[b.verdict] - verdictRank[a.verdict]
  if (byVerdict) return byVerdict
  return (a.distanceM ?? Number.POSITIVE_INFINITY) - (b.distanceM ?? Number.POSITIVE_INFINITY)
}

/**
 * Judges a measured plan by the rules in force in its county: one finding per rule, "ok" included,
 * each the worst of the plan's sub-areas.
 */
export function judgePlan(
  rules: readonly PlanningRule[],
  areas: readonly SubAreaMeasure[],
  county: CountyCode,
): PlanningFinding[] {
  const context = { areas: [...areas], rules }
  return [...rules]
    .sort((a, b) => ruleOrder.indexOf(a.ruleKey) - ruleOrder.indexOf(b.ruleKey))
    .map((rule) => {
      const kind = planningRuleKinds[rule.ruleKey]
      const judge = judges[rule.ruleKey] as Judge<PlanningRuleKey>
      const parameters = kind.parameters.parse(rule.parameters) as never
      const verdicts = areas
        .map((area) => ({ subArea: area.name, ...judge(parameters, area, context) }))
        .sort(worseFirst)
      const decisive = verdicts[0]
      return {
        ruleKey: rule.ruleKey,
        hazardKind: kind.hazardKind,
        verdict: decisive?.verdict ?? 'ok',
        distanceM: decisive?.distanceM ?? null,
        limitM: decisive?.limitM ?? null,
        subjectName: decisive?.subjectName ?? null,
        source: rule.source,
        verified: rule.verified,
        countyRule: rule.county === county,
        ruleVersion: rule.version,
        description: rule.description,
        subArea: areas.length > 1 ? (decisive?.subArea ?? null) : null,
        line: decisive?.line ?? null,
        reason: decisive?.reason ?? say('Inget att bedöma.', 'Nothing to judge.'),
        subAreas: verdicts,
      }
    })
}

/** The order findings are printed in: the distance rules first, as a planner reads them. */
const ruleOrder: readonly PlanningRuleKey[] = Object.keys(planningRuleKinds) as PlanningRuleKey[]

/**
 * What the report says about where a rule comes from, in words: a rule that is not the county's
 * own is the national rule or the most common county practice, and an unverified one says so.
 */
export function ruleStanding(finding: Pick<PlanningFinding, 'countyRule' | 'verified'>): Term {
  if (finding.countyRule && finding.verified)
    return say('Länets regel, verifierad', "The county's rule, verified")
  if (finding.countyRule) return say('Länets regel, ej verifierad', "The county's rule, unverified")
  if (finding.verified) return say('Nationell regel, verifierad', 'National rule, verified')
  return say(
    'Ej länets egen: vanligaste länspraxis, ej verifierad',
    "Not the county's own: the most common county practice, unverified",
  )
}

/** The sentence the report opens with when any rule is a fallback rather than the county's own. */
export function fallbackNotice(findings: readonly PlanningFinding[], countyName: string): Term | null {
  const fallback = findings.filter((f) => !f.countyRule && !f.verified)
  if (!fallback.length) return null
  return say(
    `${countyName} har inte antagit egna värden för ${fallback.length} av reglerna. För dem används den vanligaste länspraxisen, som inte är verifierad för länet; de är markerade "ej verifierad" nedan.`,
    `${countyName} has adopted no values of its own for ${fallback.length} of the rules. For them the most common county practice is used, which is not verified for this county; they are marked "unverified" below.`,
  )
}

/** A critical asset near the plan, as far as the reader may read it. */
export interface NearbyAsset {
  id: string
  name: string
  sector: string
  distanceM: number
}

/** The safety situation of a district the plan lies in. */
export interface DistrictSafety {
  district: string
  population: number | null
  /** Incidents in the period: the true count for a reader cleared for the points, else the published count (null when suppressed). */
  incidents: number | null
  incidentsPer1000: number | null
  period: string
  disclosureControl: 'none' | 'cell-key'
  survey: { year: number; respondents: number; indicators: { indicator: string; value: number }[] } | null
}

/** A band along a hazard at a rule's distance, for the map. */
export interface RuleBuffer {
  ruleKey: PlanningRuleKey
  limitM: number
  geometry: PlanGeometry
}

/** One saved version of an assessment. */
export interface AssessmentVersionSummary {
  version: number
  title: string
  landUses: LandUse[]
  createdBy: string
  createdAt: string
}

/** `GET /api/planning/assessments/{id}`: the plan and its report computed for the reader. */
export interface PlanningAssessment {
  id: string
  version: number
  versions: number
  title: string
  county: CountyCode
  countyName: string
  kommun: string
  landUses: LandUse[]
  geometry: PlanGeometry
  subAreas: { name: string; landUses: LandUse[]; geometry: PlanGeometry; areaM2: number }[]
  areaM2: number
  contextRadiusM: number
  findings: PlanningFinding[]
  criticalAssets: NearbyAsset[]
  safety: DistrictSafety[]
  buffers: RuleBuffer[]
  classification: 'open' | 'internal' | 'restricted'
  createdBy: string
  createdAt: string
  updatedBy: string
  updatedAt: string
  computedAt: string
}

/** A row of `GET /api/planning/assessments`. */
export interface PlanningAssessmentSummary {
  id: string
  title: string
  version: number
  landUses: LandUse[]
  updatedBy: string
  updatedAt: string
}

/** The colour of each verdict, on screen and on paper. */
export const verdictColours: Record<Verdict, string> = {
  ok: '#2b7a3d',
  assess: '#b26a00',
  conflict: '#b42318',
}

/** Sub-areas' fill colours in order, on screen and on paper. */
export const subAreaColours = ['#3b6fb6', '#8a4fb0', '#2e8c83', '#b0603a', '#6a7d2b', '#a83e6b'] as const
export const subAreaColour = (index: number): string => subAreaColours[index % subAreaColours.length]!

/** The band colour of each distance rule on the map. */
export const bufferColour = '#e8772e'
/** The measured distance lines. */
export const distanceLineColour = '#b42318'

/** A short title per rule, for tables and the map's legend. */
export const ruleTitles: Record<PlanningRuleKey, Term> = {
  hazardous_goods_assessment_distance: {
    sv: 'Riskavstånd farligt gods',
    en: 'Hazardous-goods risk distance',
  },
  hazardous_goods_land_use_zones: {
    sv: 'Zoner A, B, C vid farligt gods',
    en: 'Zones A, B, C by hazardous goods',
  },
  railway_no_buildings: { sv: 'Byggnadsfritt vid järnväg', en: 'Building-free by the railway' },
  petrol_station_distances: { sv: 'Avstånd till drivmedelsstation', en: 'Distance to petrol stations' },
  seveso_safety_distance: { sv: 'Skyddsavstånd Seveso', en: 'Seveso safety distance' },
  flood_critical_functions_above_bhf: { sv: 'Översvämning (100, 200, BHF)', en: 'Flooding (100, 200, BHF)' },
  flood_malaren_min_level: { sv: 'Lägsta nivå vid Mälaren', en: 'Lowest level by Lake Mälaren' },
  flood_baltic_min_level: { sv: 'Lägsta nivå vid Östersjön', en: 'Lowest level by the Baltic' },
  heat_warning: { sv: 'Värmebölja', en: 'Heat wave' },
}

/** The report's one-line summary: how many rules each verdict has. */
export function verdictSummary(
  findings: readonly Pick<PlanningFinding, 'verdict'>[],
  lang: keyof Term,
): string {
  return (['conflict', 'assess', 'ok'] as const)
    .map((v) => `${verdictTerms[v][lang]}: ${findings.filter((f) => f.verdict === v).length}`)
    .join(' · ')
}
