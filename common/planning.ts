/**
 * Planning rules as data: the county boards' recommended distances and levels that a planned
 * development (*detaljplan*) is judged against. They are recommendations, not law, and differ
 * between counties, so each is stored with its county (`*` for national), version, source and
 * whether it has been checked against that source; no distance is a constant in code.
 *
 * The reference rules ship in `data/planning-rules/rules.json` and load in every mode; an
 * administrator adds a county's own adopted values, which then apply instead of the reference
 * rule of the same key.
 */
import { z } from 'zod'
import type { Term } from './domain.ts'

/** Boverket's land-use letters (*användningsbestämmelser*) a plan area is given. */
export const landUseTerms = {
  B: { sv: 'Bostäder', en: 'Housing' },
  C: { sv: 'Centrum', en: 'Centre' },
  D: { sv: 'Vård', en: 'Care' },
  E: { sv: 'Tekniska anläggningar', en: 'Technical facilities' },
  G: { sv: 'Drivmedelsförsäljning', en: 'Car services and fuel' },
  H: { sv: 'Detaljhandel', en: 'Retail' },
  J: { sv: 'Industri', en: 'Industry' },
  K: { sv: 'Kontor', en: 'Offices' },
  L: { sv: 'Odling och djurhållning', en: 'Farming' },
  N: { sv: 'Friluftsliv och camping', en: 'Outdoor recreation' },
  P: { sv: 'Parkering', en: 'Parking' },
  R: { sv: 'Besöksanläggningar och kultur', en: 'Culture and visitor facilities' },
  S: { sv: 'Skola', en: 'School' },
  T: { sv: 'Trafik', en: 'Traffic' },
  U: { sv: 'Lager', en: 'Storage' },
  Y: { sv: 'Idrott', en: 'Sports' },
} as const satisfies Record<string, Term>
export type LandUse = keyof typeof landUseTerms
export const LandUse = z.enum(Object.keys(landUseTerms) as [LandUse, ...LandUse[]])

/** Sweden's 21 counties by their code (LnKod), and `*` for a rule that applies nationally. */
export const countyNames = {
  '01': 'Stockholms län',
  '03': 'Uppsala län',
  '04': 'Södermanlands län',
  '05': 'Östergötlands län',
  '06': 'Jönköpings län',
  '07': 'Kronobergs län',
  '08': 'Kalmar län',
  '09': 'Gotlands län',
  '10': 'Blekinge län',
  '12': 'Skåne län',
  '13': 'Hallands län',
  '14': 'Västra Götalands län',
  '17': 'Värmlands län',
  '18': 'Örebro län',
  '19': 'Västmanlands län',
  '20': 'Dalarnas län',
  '21': 'Gävleborgs län',
  '22': 'Västernorrlands län',
  '23': 'Jämtlands län',
  '24': 'Västerbottens län',
  '25': 'Norrbottens län',
} as const
export type CountyCode = keyof typeof countyNames
export const CountyCode = z.enum(Object.keys(countyNames) as [CountyCode, ...CountyCode[]])
export const RuleCounty = z.union([CountyCode, z.literal('*')])
export type RuleCounty = z.infer<typeof RuleCounty>

/** What a rule is about, as the planning report's findings name it. */
export const hazardKindTerms = {
  hazardous_goods: { sv: 'Farligt gods', en: 'Hazardous goods' },
  railway: { sv: 'Järnväg', en: 'Railway' },
  petrol_station: { sv: 'Drivmedelsstation', en: 'Petrol station' },
  seveso: { sv: 'Sevesoverksamhet', en: 'Seveso site' },
  flood: { sv: 'Översvämning', en: 'Flooding' },
  heat: { sv: 'Värme', en: 'Heat' },
} as const satisfies Record<string, Term>
export type PlanningHazardKind = keyof typeof hazardKindTerms

const Metres = z.number().positive().max(5000)
const LandUses = z.array(LandUse).min(1).max(16)
const FloodZone = z.enum(['flood_100', 'flood_200', 'flood_bhf'])
const MinLevel = z
  .object({
    water: z.string().trim().min(1).max(100),
    minLevelM: z.number().min(-10).max(50),
    heightSystem: z.literal('RH 2000'),
  })
  .strict()

/**
 * Every rule the app knows, with what it is about and the parameters it takes. A new rule is added
 * here first, so the report that judges a plan by it cannot forget it.
 */
export const planningRuleKinds = {
  /** Risk must be assessed for plan areas within this distance of a hazardous-goods route or railway. */
  hazardous_goods_assessment_distance: {
    hazardKind: 'hazardous_goods',
    parameters: z
      .object({
        distanceM: Metres,
        appliesTo: z.array(z.enum(['primary', 'secondary', 'railway'])).min(1),
      })
      .strict(),
  },
  /** Land uses zoned from the route outwards: A nearest, then B, then C; the limits come from the risk investigation. */
  hazardous_goods_land_use_zones: {
    hazardKind: 'hazardous_goods',
    parameters: z
      .object({
        zones: z.object({ A: LandUses, B: LandUses, C: LandUses }).strict(),
        zoneLimitsFrom: z.literal('risk_investigation'),
      })
      .strict(),
  },
  /** No buildings within this distance of the track (derailment). */
  railway_no_buildings: {
    hazardKind: 'railway',
    parameters: z.object({ distanceM: Metres }).strict(),
  },
  petrol_station_distances: {
    hazardKind: 'petrol_station',
    parameters: z.object({ officesM: Metres, housingM: Metres }).strict(),
  },
  seveso_safety_distance: {
    hazardKind: 'seveso',
    parameters: z.object({ caseByCase: z.literal(true), detailedPlanRequired: z.boolean() }).strict(),
  },
  flood_critical_functions_above_bhf: {
    hazardKind: 'flood',
    parameters: z
      .object({
        zonesMapped: z.array(FloodZone).min(1),
        criticalFunctionsAbove: FloodZone,
        continuousDevelopmentAbove: FloodZone,
      })
      .strict(),
  },
  flood_malaren_min_level: { hazardKind: 'flood', parameters: MinLevel },
  flood_baltic_min_level: { hazardKind: 'flood', parameters: MinLevel },
  heat_warning: {
    hazardKind: 'heat',
    parameters: z
      .object({
        temperatureC: z.number().min(20).max(45),
        days: z.number().int().min(1).max(14),
        sensitive: z.array(z.enum(['care_home', 'preschool'])).min(1),
      })
      .strict(),
  },
} as const satisfies Record<string, { hazardKind: PlanningHazardKind; parameters: z.ZodType }>
export type PlanningRuleKey = keyof typeof planningRuleKinds
export const PlanningRuleKey = z.enum(
  Object.keys(planningRuleKinds) as [PlanningRuleKey, ...PlanningRuleKey[]],
)

/** Where a stored rule comes from: the shipped reference file, or a county's own adopted values. */
export const RuleOrigin = z.enum(['reference', 'county'])
export type RuleOrigin = z.infer<typeof RuleOrigin>

const Description = z
  .object({ sv: z.string().trim().min(1).max(1000), en: z.string().trim().min(1).max(1000) })
  .strict()
const Source = z.string().trim().min(3).max(1000)
const RuleVersion = z.string().trim().min(1).max(40)

/** Checks a rule's parameters against its key's schema; the issues name the parameter at fault. */
function checkParameters(rule: { ruleKey: PlanningRuleKey; parameters: unknown }, ctx: z.RefinementCtx) {
  const parsed = planningRuleKinds[rule.ruleKey].parameters.safeParse(rule.parameters)
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', path: ['parameters', ...issue.path], message: issue.message })
}

/** One rule of the reference file. */
export const ReferenceRule = z
  .object({
    county: RuleCounty,
    ruleKey: PlanningRuleKey,
    version: RuleVersion,
    description: Description,
    parameters: z.record(z.string(), z.unknown()),
    source: Source,
    verified: z.boolean(),
  })
  .strict()
  .superRefine(checkParameters)
export type ReferenceRule = z.infer<typeof ReferenceRule>

/** `data/planning-rules/rules.json`: a version that grows with every change, and the rules. */
export const ReferenceRuleFile = z
  .object({ version: z.number().int().positive(), rules: z.array(ReferenceRule).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>()
    file.rules.forEach((rule, i) => {
      const key = `${rule.county}/${rule.ruleKey}`
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i], message: `${key} appears twice` })
      seen.add(key)
    })
  })
export type ReferenceRuleFile = z.infer<typeof ReferenceRuleFile>

/**
 * `POST /api/planning/rules`: a county's own adopted values for one rule, with the source and the
 * year of adoption. It replaces the county's earlier entry for that rule, and applies in that
 * county instead of the reference rule.
 */
export const CountyRuleInput = z
  .object({
    county: CountyCode,
    ruleKey: PlanningRuleKey,
    parameters: z.record(z.string(), z.unknown()),
    source: Source,
    adoptedYear: z.number().int().min(1950).max(2100),
    version: RuleVersion.optional(),
    description: Description.optional(),
  })
  .strict()
  .superRefine(checkParameters)
export type CountyRuleInput = z.infer<typeof CountyRuleInput>

/** A rule as `GET /api/planning/rules` gives it. */
export interface PlanningRule {
  id: string
  ruleKey: PlanningRuleKey
  county: RuleCounty
  version: string
  hazardKind: PlanningHazardKind
  parameters: Record<string, unknown>
  source: string
  verified: boolean
  origin: RuleOrigin
  /** A county's own rule: the year it was adopted. */
  adoptedYear: number | null
  description: Term
  /** False for a reference rule that a county's own rule of the same key replaces. */
  inEffect: boolean
  updatedBy: string
  updatedAt: string
}

/**
 * The rules that apply in a county: for each rule key, the county's own adopted rule, else the
 * reference rule for that county, else the national one. A county without rules of its own thus
 * gets the national rules and the most common county practice, marked unverified in the file.
 */
export function rulesForCounty<R extends Pick<PlanningRule, 'ruleKey' | 'county' | 'origin'>>(
  rules: readonly R[],
  county: string,
): R[] {
  const rank = (r: R) => (r.county === county ? 0 : 2) + (r.origin === 'county' ? 0 : 1)
  const best = new Map<PlanningRuleKey, R>()
  for (const rule of rules) {
    if (rule.county !== county && rule.county !== '*') continue
    const current = best.get(rule.ruleKey)
    if (!current || rank(rule) < rank(current)) best.set(rule.ruleKey, rule)
  }
  return [...best.values()]
}
