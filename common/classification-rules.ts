/**
 * The classification an object must have at least, from what it is: the municipality's rules of
 * need-to-know as data, in one place. Every write (a new object, a change, an import) and the demo
 * seed take the most classified of the object's own choice and these rules; a write may raise an
 * object's classification but never set it below a rule that applies.
 */
import type { Classification, IncidentCategory, Term } from './domain.ts'
import type { LayerId } from './layers.ts'
import { higherClassification } from './permissions.ts'
import { riskBand, riskBandLimits, riskScore } from './risk.ts'

/** An object as the layer's API names its properties (`styrelClass`, `likelihood`, `source`...). */
export type ObjectProperties = Readonly<Record<string, unknown>>

export interface ClassificationRule {
  /** Stable key, for messages and the audit trail. */
  key: string
  layer: LayerId
  minimum: Classification
  /** Why, in the users' words. */
  reason: Term
  applies(properties: ObjectProperties): boolean
}

/** Incident categories about the municipality's own staff and officials: who was threatened, by whom. */
const staffThreatCategories: readonly IncidentCategory[] = ['threat_to_staff', 'unlawful_influence']

/** The consequences judged per protected value (*skyddsvärden*), as numbers. */
const consequencesOf = (consequences: unknown): number[] =>
  consequences !== null && typeof consequences === 'object'
    ? Object.values(consequences).filter((v): v is number => typeof v === 'number')
    : []

export const classificationRules: readonly ClassificationRule[] = [
  {
    key: 'styrel-class-1-2',
    layer: 'critical-assets',
    minimum: 'restricted',
    reason: {
      sv: 'Styrelklass 1–2: läge och sårbarheter är sekretess (OSL 18 kap. 13 §)',
      en: 'Styrel class 1–2: location and vulnerabilities are confidential (OSL 18:13)',
    },
    applies: (p) => typeof p.styrelClass === 'number' && p.styrelClass <= 2,
  },
  {
    key: 'rsa-red-band',
    layer: 'rsa-risks',
    minimum: 'restricted',
    reason: {
      sv: `Risk i det röda fältet (sannolikhet × konsekvens ≥ ${riskBandLimits.red.min}) pekar ut sårbarheter`,
      en: `A risk in the red band (likelihood × consequence ≥ ${riskBandLimits.red.min}) points out weaknesses`,
    },
    applies: (p) =>
      typeof p.likelihood === 'number' &&
      riskBand(riskScore(p.likelihood, consequencesOf(p.consequences))) === 'red',
  },
  {
    key: 'police-points',
    layer: 'incidents',
    minimum: 'restricted',
    reason: {
      sv: 'Punktdata från polisen är känsliga',
      en: 'Point data from the police are sensitive',
    },
    applies: (p) => p.source === 'police',
  },
  {
    key: 'threats-to-staff',
    layer: 'incidents',
    minimum: 'restricted',
    reason: {
      sv: 'Hot och våld mot personal och otillåten påverkan pekar ut enskilda',
      en: 'Threats and violence against staff and unlawful influence point at individuals',
    },
    applies: (p) => staffThreatCategories.includes(p.category as IncidentCategory),
  },
]

/** The rules of one layer that apply to an object, most classified first. */
export function rulesFor(layer: LayerId, properties: ObjectProperties): ClassificationRule[] {
  return classificationRules.filter((r) => r.layer === layer && r.applies(properties))
}

/** The least classification the rules allow for an object of `layer` (`open` when none applies). */
export function minimumClassification(layer: LayerId, properties: ObjectProperties): Classification {
  return rulesFor(layer, properties).reduce<Classification>(
    (level, rule) => higherClassification(level, rule.minimum),
    'open',
  )
}
