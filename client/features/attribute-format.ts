/**
 * Turns a feature's raw properties into labelled, readable attributes for the side panel: Swedish
 * labels ("Acceptabel avbrottstid"), domain terms instead of codes ("Hälso- och sjukvård samt
 * omsorg" for `health`), Styrel classes with their meaning, dates in Swedish form, and contacts
 * with callable numbers. Pure, so it is tested without a browser.
 */

import { measureStatusTerms } from '../../common/action-plan.ts'
import {
  actorLinkTerms,
  actorTypeTerms,
  areaKindTerms,
  classificationTerms,
  defaultEscalationLevels,
  hazardousGoodsRouteTerms,
  hazardSiteTerms,
  hazardTerms,
  hazardZoneTerms,
  incidentCategoryTerms,
  incidentGroupTerms,
  protectedValueTerms,
  resourceTerms,
  roadClassTerms,
  sectorTerms,
  styrelClassTerms,
  surveyIndicatorTerms,
  surveyTerms,
  type Term,
} from '../../common/domain.ts'
import type { LayerId } from '../../common/layers.ts'
import { isRiskBand, riskBandLabel } from '../../common/risk.ts'

export type Lang = 'sv' | 'en'

export interface Contact {
  name?: string
  role?: string
  phone?: string
  email?: string
  hours?: string
}

export type AttributeValue =
  | { kind: 'text'; text: string }
  | { kind: 'contacts'; contacts: Contact[] }
  | { kind: 'list'; items: { label: string; text: string }[] }

export interface Attribute {
  key: string
  label: string
  value: AttributeValue
}

/** Labels of the properties the layers return, in the order the panel shows them. */
export const propertyLabels: Record<string, Term> = {
  kind: { sv: 'Typ', en: 'Type' },
  category: { sv: 'Kategori', en: 'Category' },
  categoryGroup: { sv: 'Huvudgrupp', en: 'Group' },
  occurredAt: { sv: 'Inträffade', en: 'Occurred' },
  severity: { sv: 'Allvarlighetsgrad', en: 'Severity' },
  actorType: { sv: 'Aktörstyp', en: 'Type of actor' },
  shortName: { sv: 'Kortnamn', en: 'Short name' },
  sector: { sv: 'Sektor', en: 'Sector' },
  function: { sv: 'Funktion', en: 'Function' },
  owner: { sv: 'Ägare', en: 'Owner' },
  styrelClass: { sv: 'Styrelklass', en: 'Styrel class' },
  acceptableOutageHours: { sv: 'Acceptabel avbrottstid', en: 'Acceptable outage time' },
  backupPowerType: { sv: 'Reservkraft', en: 'Backup power' },
  backupPowerHours: { sv: 'Reservkraftens uthållighet', en: 'Backup power endurance' },
  residentsServed: { sv: 'Invånare som berörs', en: 'Residents served' },
  vulnerableOccupants: { sv: 'Sårbara grupper', en: 'Vulnerable occupants' },
  continuityPlanRef: { sv: 'Kontinuitetsplan', en: 'Continuity plan' },
  resource: { sv: 'Resurs', en: 'Resource' },
  provider: { sv: 'Levereras av', en: 'Provided by' },
  dependent: { sv: 'Beroende verksamhet', en: 'Dependent asset' },
  redundancyGroup: { sv: 'Redundansgrupp', en: 'Redundancy group' },
  timeToImpactHours: { sv: 'Tid till påverkan', en: 'Time to impact' },
  backupHours: { sv: 'Reservens uthållighet', en: 'Backup endurance' },
  title: { sv: 'Titel', en: 'Title' },
  hazard: { sv: 'Riskkälla', en: 'Hazard' },
  analysisYear: { sv: 'Analysår (RSA)', en: 'Analysis year (RSA)' },
  riskScore: { sv: 'Riskvärde', en: 'Risk score' },
  riskBand: { sv: 'Riskklass', en: 'Risk band' },
  likelihood: { sv: 'Sannolikhet', en: 'Likelihood' },
  maxConsequence: { sv: 'Högsta konsekvens', en: 'Highest consequence' },
  consequences: { sv: 'Konsekvens per skyddsvärde', en: 'Consequence per protected value' },
  vulnerabilities: { sv: 'Sårbarheter', en: 'Vulnerabilities' },
  measures: { sv: 'Åtgärder', en: 'Measures' },
  roadClass: { sv: 'Vägklass', en: 'Road class' },
  ref: { sv: 'Vägnummer', en: 'Road number' },
  mode: { sv: 'Trafikslag', en: 'Mode' },
  hazardousGoodsRoute: { sv: 'Transportled för farligt gods', en: 'Hazardous goods route' },
  levelM: { sv: 'Nivå (m, RH 2000)', en: 'Level (m, RH 2000)' },
  operator: { sv: 'Verksamhetsutövare', en: 'Operator' },
  linkType: { sv: 'Typ av samverkan', en: 'Type of link' },
  from: { sv: 'Från', en: 'From' },
  to: { sv: 'Till', en: 'To' },
  actor: { sv: 'Aktör', en: 'Actor' },
  responsibility: { sv: 'Ansvar', en: 'Responsibility' },
  code: { sv: 'Kod', en: 'Code' },
  population: { sv: 'Invånare', en: 'Population' },
  total: { sv: 'Anmälda brott', en: 'Reported crimes' },
  per1000: { sv: 'Anmälda brott per 1 000 invånare', en: 'Reported crimes per 1,000 residents' },
  months: { sv: 'Antal månader', en: 'Number of months' },
  categories: { sv: 'Brott per kategori', en: 'Crimes by category' },
  survey: { sv: 'Undersökning', en: 'Survey' },
  year: { sv: 'År', en: 'Year' },
  indicator: { sv: 'Indikator', en: 'Indicator' },
  value: { sv: 'Värde', en: 'Value' },
  respondents: { sv: 'Antal svarande', en: 'Respondents' },
  indicators: { sv: 'Alla indikatorer', en: 'All indicators' },
  eventType: { sv: 'Händelsetyp', en: 'Type of event' },
  status: { sv: 'Status', en: 'Status' },
  escalationLevel: { sv: 'Eskaleringsnivå', en: 'Escalation level' },
  session: { sv: 'Krissession', en: 'Crisis session' },
  label: { sv: 'Etikett', en: 'Label' },
  symbol: { sv: 'Symbol', en: 'Symbol' },
  note: { sv: 'Anteckning', en: 'Note' },
  landUses: { sv: 'Markanvändning', en: 'Land uses' },
  description: { sv: 'Beskrivning', en: 'Description' },
  address: { sv: 'Adress', en: 'Address' },
  onCall: { sv: 'Tjänsteperson i beredskap (TIB)', en: 'Duty officer (TIB)' },
  contacts: { sv: 'Kontaktpersoner', en: 'Contacts' },
  source: { sv: 'Källa', en: 'Source' },
  reporter: { sv: 'Rapporterad av', en: 'Reported by' },
  followUp: { sv: 'Uppföljning', en: 'Follow-up' },
  createdBy: { sv: 'Skapad av', en: 'Created by' },
  createdAt: { sv: 'Skapad', en: 'Created' },
  classification: { sv: 'Informationsklass', en: 'Classification' },
  count: { sv: 'Antal händelser', en: 'Number of incidents' },
  hexagonAcrossMetres: { sv: 'Hexagonens bredd (m)', en: 'Hexagon width (m)' },
  minimumCount: { sv: 'Färre än så visas inte', en: 'Fewer are not shown' },
  disclosureControl: { sv: 'Röjandeskydd', en: 'Disclosure control' },
  period: { sv: 'Period', en: 'Period' },
  periodFrom: { sv: 'Från', en: 'From' },
  periodTo: { sv: 'Till (ej inräknat)', en: 'To (not included)' },
}

/** How the twin's counts were protected: perturbed by the cell-key method, or exact for cleared roles. */
const disclosureControlTerms: Record<string, Term> = {
  'cell-key': {
    sv: 'Cellnyckelmetoden: antal med brus, högst ±2',
    en: 'Cell-key method: counts with noise, at most ±2',
  },
  none: { sv: 'Inget: exakta antal', en: 'None: exact counts' },
}

/** Properties that only link records together; the panel leaves them out. */
const hiddenKeys = new Set([
  'id',
  'name',
  'ownerActorId',
  'providerAssetId',
  'dependentAssetId',
  'fromActorId',
  'toActorId',
  'actorId',
  'sessionId',
  'color',
])

const backupPowerTerms: Record<string, Term> = {
  none: { sv: 'Saknas', en: 'None' },
  diesel: { sv: 'Dieselaggregat', en: 'Diesel generator' },
  battery: { sv: 'Batteri (UPS)', en: 'Battery (UPS)' },
  gas: { sv: 'Gasaggregat', en: 'Gas generator' },
  mobile: { sv: 'Mobilt reservkraftverk', en: 'Mobile generator' },
}

const incidentSourceTerms: Record<string, Term> = {
  police: { sv: 'Polisen', en: 'Police' },
  rescue: { sv: 'Räddningstjänsten', en: 'Rescue service' },
  municipality: { sv: 'Kommunen', en: 'Municipality' },
}

const transportModeTerms: Record<string, Term> = {
  road: { sv: 'Väg', en: 'Road' },
  railway: { sv: 'Järnväg', en: 'Railway' },
  rail: { sv: 'Järnväg', en: 'Railway' },
}

const sessionStatusTerms: Record<string, Term> = {
  open: { sv: 'Pågående', en: 'Open' },
  closed: { sv: 'Avslutad', en: 'Closed' },
}

const annotationKindTerms: Record<string, Term> = {
  point: { sv: 'Punkt', en: 'Point' },
  line: { sv: 'Linje', en: 'Line' },
  polygon: { sv: 'Område', en: 'Area' },
  circle: { sv: 'Cirkel', en: 'Circle' },
  text: { sv: 'Text', en: 'Text' },
}

/** The default likelihood scale of the RSA (MSBFS 2015:5 guidance); municipalities may use their own. */
const likelihoodTerms: Record<number, Term> = {
  1: { sv: 'Mycket låg (mer sällan än var 1 000:e år)', en: 'Very low (less than once per 1,000 years)' },
  2: { sv: 'Låg (en gång per 100–1 000 år)', en: 'Low (once per 100–1,000 years)' },
  3: { sv: 'Medelhög (en gång per 10–100 år)', en: 'Medium (once per 10–100 years)' },
  4: { sv: 'Hög (en gång per 1–10 år)', en: 'High (once per 1–10 years)' },
  5: { sv: 'Mycket hög (mer än en gång per år)', en: 'Very high (more than once a year)' },
}

const consequenceTerms: Record<number, Term> = {
  1: { sv: 'Mycket begränsad', en: 'Very limited' },
  2: { sv: 'Begränsad', en: 'Limited' },
  3: { sv: 'Allvarlig', en: 'Serious' },
  4: { sv: 'Mycket allvarlig', en: 'Very serious' },
  5: { sv: 'Katastrofal', en: 'Catastrophic' },
}

export const vulnerableOccupantTerms: Record<string, Term> = {
  elderlyCare: { sv: 'Platser i äldreomsorg', en: 'Elderly-care places' },
  hospitalBeds: { sv: 'Vårdplatser', en: 'Hospital beds' },
  preschoolChildren: { sv: 'Förskolebarn', en: 'Preschool children' },
  pupils: { sv: 'Elever', en: 'Pupils' },
  residents: { sv: 'Boende', en: 'Residents' },
  disabilityCare: { sv: 'Platser i LSS-boende', en: 'Disability-care places' },
  patients: { sv: 'Patienter', en: 'Patients' },
}

const escalationTerms: Record<string, Term> = Object.fromEntries(
  defaultEscalationLevels.map((l) => [l.id, l]),
)

/** What the panel needs to know about one layer's features beyond the properties' common meanings. */
interface LayerAttributes {
  /** The code list of the layer's own `kind` property. */
  kinds?: Record<string, Term>
  /** The code list of the layer's own `source` property. */
  sources?: Record<string, Term>
  /** The code list of the layer's own `status` property (default: a crisis session's). */
  statuses?: Record<string, Term>
  /** The panel's heading for a feature without a name, title or label. */
  untitled?: (properties: Record<string, unknown>, lang: Lang) => string | undefined
}

const areaAttributes: LayerAttributes = { kinds: areaKindTerms }

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined

/** A link's heading from its two ends, "A → B", when the reader may see both names. */
const between = (from: unknown, to: unknown): string | undefined => {
  const a = textOf(from)
  const b = textOf(to)
  return a && b ? `${a} → ${b}` : undefined
}

/** Every layer's attribute formatting: a layer without it does not compile. */
export const layerAttributes = {
  municipality: areaAttributes,
  districts: areaAttributes,
  'police-areas': areaAttributes,
  'rescue-districts': areaAttributes,
  actors: {},
  'responsibility-areas': { untitled: (properties) => textOf(properties.responsibility) },
  'actor-links': { untitled: (properties) => between(properties.from, properties.to) },
  'critical-assets': {},
  dependencies: { untitled: (properties) => between(properties.provider, properties.dependent) },
  roads: {},
  'hazardous-goods-routes': {},
  'flood-zones': { kinds: hazardZoneTerms },
  'hazard-zones': { kinds: hazardZoneTerms },
  'hazard-sites': { kinds: hazardSiteTerms },
  'rsa-risks': {},
  'planning-assessments': {},
  incidents: {
    sources: incidentSourceTerms,
    untitled: (properties, lang) => termOf(incidentCategoryTerms, properties.category, lang),
  },
  'incident-hexagons': {
    untitled: (properties, lang) => {
      if (typeof properties.count !== 'number') return undefined
      const n = formatNumber(properties.count, lang, 0)
      return lang === 'sv' ? `${n}${NBSP}händelser i hexagonen` : `${n}${NBSP}incidents in the hexagon`
    },
  },
  'crime-statistics': areaAttributes,
  'safety-survey': areaAttributes,
  'action-measures': { statuses: measureStatusTerms },
  'crisis-sessions': {},
  'crisis-annotations': { kinds: annotationKindTerms },
} satisfies Record<LayerId, LayerAttributes>

/** Code lists per property; `kind` and `source` depend on the layer. */
function vocabularyOf(layerId: LayerId, key: string): Record<string, Term> | undefined {
  const own: LayerAttributes = layerAttributes[layerId]
  switch (key) {
    case 'actorType':
      return actorTypeTerms
    case 'sector':
      return sectorTerms
    case 'resource':
      return resourceTerms
    case 'roadClass':
      return { ...roadClassTerms, ...transportModeTerms }
    case 'mode':
      return transportModeTerms
    case 'hazardousGoodsRoute':
      return hazardousGoodsRouteTerms
    case 'hazard':
      return hazardTerms
    case 'category':
      return incidentCategoryTerms
    case 'categoryGroup':
      return incidentGroupTerms
    case 'disclosureControl':
      return disclosureControlTerms
    case 'indicator':
      return surveyIndicatorTerms
    case 'linkType':
      return actorLinkTerms
    case 'escalationLevel':
      return escalationTerms
    case 'classification':
      return classificationTerms
    case 'backupPowerType':
      return backupPowerTerms
    case 'status':
      return own.statuses ?? sessionStatusTerms
    case 'survey':
      return surveyTerms
    case 'source':
      return own.sources
    case 'kind':
      return own.kinds
    default:
      return undefined
  }
}

/**
 * A no-break space. Note: a number stays on one line with its unit and its meaning ("72 timmar",
 * "5 – Katastrofal", "3 av 5"), so a narrow panel never shows "72" on one line and "timmar" below.
 */
const NBSP = '\u00a0'

/** Joins without a space: a line never breaks at it ("0–6" stays one token). */
const WORD_JOINER = '\u2060'

/**
 * A number with what it means, kept together: "2 – Samhällets funktionalitet inom timmar". Note: a
 * line may break after a dash even before a no-break space (Unicode line breaking), so a word
 * joiner holds the dash to the word after it.
 */
const numbered = (n: number, meaning: string) => `${n}${NBSP}–${WORD_JOINER}${NBSP}${meaning}`

const locale = (lang: Lang) => (lang === 'sv' ? 'sv-SE' : 'en-GB')

export function formatNumber(value: number, lang: Lang, maximumFractionDigits = 1): string {
  return value.toLocaleString(locale(lang), { maximumFractionDigits })
}

/** Hours, with days added from two days up: "72 timmar (3 dygn)". */
export function formatHours(hours: number, lang: Lang): string {
  const h = formatNumber(hours, lang)
  const unit = lang === 'sv' ? (hours === 1 ? 'timme' : 'timmar') : hours === 1 ? 'hour' : 'hours'
  if (hours >= 48) {
    const days = formatNumber(hours / 24, lang)
    return `${h}${NBSP}${unit} (${days}${NBSP}${lang === 'sv' ? 'dygn' : 'days'})`
  }
  return `${h}${NBSP}${unit}`
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/

/** A date-time in Swedish local time: "2025-03-14 08:05" (sv-SE writes ISO-like dates). */
export function formatDateTime(text: string, lang: Lang): string {
  if (!isoDateTime.test(text)) return text
  // "YYYY-MM-DD HH:MM" without a zone is already local Swedish time (the tiles send it so).
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (lang === 'sv') return text
    const date = new Date(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00' : ''}`)
    return date.toLocaleString('en-GB', {
      dateStyle: 'medium',
      ...(text.length > 10 ? { timeStyle: 'short' } : {}),
    })
  }
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) return text
  return date.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: 'Europe/Stockholm',
    dateStyle: lang === 'sv' ? 'short' : 'medium',
    timeStyle: 'short',
  })
}

function termOf(
  vocabulary: Record<string, Term> | undefined,
  value: unknown,
  lang: Lang,
): string | undefined {
  if (!vocabulary || (typeof value !== 'string' && typeof value !== 'number')) return undefined
  return vocabulary[String(value)]?.[lang]
}

/**
 * A panel text, with every number kept on one line with the word after it ("100 år", "3 av 5") and
 * ranges kept whole ("(0–6)", "10–100").
 */
const keepNumbersTogether = (value: string) =>
  value.replace(/(\d) (?=\S)/g, `$1${NBSP}`).replace(/(\d)–(\d)/g, `$1${WORD_JOINER}–${WORD_JOINER}$2`)

function text(value: string): AttributeValue {
  return { kind: 'text', text: keepNumbersTogether(value) }
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

function toContact(value: unknown): Contact | undefined {
  const r = asRecord(value)
  if (!r) return undefined
  const str = (k: string) =>
    typeof r[k] === 'string' && (r[k] as string).trim() !== '' ? (r[k] as string) : undefined
  const contact: Contact = {
    name: str('name'),
    role: str('role') ?? str('function'),
    phone: str('phone'),
    email: str('email'),
    hours: str('hours'),
  }
  return Object.values(contact).some(Boolean) ? contact : undefined
}

/** A telephone link target: digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`
}

function formatValue(layerId: LayerId, key: string, value: unknown, lang: Lang): AttributeValue | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const vocabulary = vocabularyOf(layerId, key)
  const term = termOf(vocabulary, value, lang)
  if (term) return text(term)

  switch (key) {
    case 'styrelClass': {
      const n = Number(value)
      const meaning = styrelClassTerms[n]?.[lang]
      return text(meaning ? numbered(n, meaning) : String(value))
    }
    case 'likelihood': {
      const n = Number(value)
      return text(likelihoodTerms[n] ? numbered(n, likelihoodTerms[n][lang]) : String(value))
    }
    case 'riskBand':
      return isRiskBand(value) ? text(riskBandLabel(value)[lang]) : text(String(value))
    case 'maxConsequence': {
      const n = Number(value)
      return text(consequenceTerms[n] ? numbered(n, consequenceTerms[n][lang]) : String(value))
    }
    case 'severity':
      return text(lang === 'sv' ? `${value}${NBSP}av${NBSP}5` : `${value}${NBSP}of${NBSP}5`)
    case 'acceptableOutageHours':
    case 'backupPowerHours':
    case 'timeToImpactHours':
    case 'backupHours':
      return typeof value === 'number' ? text(formatHours(value, lang)) : text(String(value))
    case 'occurredAt':
    case 'createdAt':
      return typeof value === 'string' ? text(formatDateTime(value, lang)) : undefined
    case 'year':
    case 'analysisYear':
    case 'code':
    case 'ref':
      return text(String(value))
    case 'contacts': {
      const contacts = (Array.isArray(value) ? value : [value])
        .map(toContact)
        .filter((c): c is Contact => !!c)
      return contacts.length ? { kind: 'contacts', contacts } : undefined
    }
    case 'onCall': {
      const contact = toContact(value)
      return contact ? { kind: 'contacts', contacts: [contact] } : undefined
    }
    case 'consequences':
      return keyedList(value, protectedValueTerms, lang, (v) => {
        const n = Number(v)
        return consequenceTerms[n] ? numbered(n, consequenceTerms[n][lang]) : String(v)
      })
    case 'categories':
      return keyedList(value, incidentCategoryTerms, lang)
    case 'indicators':
      return keyedList(value, surveyIndicatorTerms, lang)
    case 'vulnerableOccupants':
      return keyedList(value, vulnerableOccupantTerms, lang)
  }

  if (typeof value === 'boolean')
    return text(value ? (lang === 'sv' ? 'Ja' : 'Yes') : lang === 'sv' ? 'Nej' : 'No')
  if (typeof value === 'number') return text(formatNumber(value, lang, 2))
  if (typeof value === 'string')
    return text(isoDateTime.test(value) && value.length > 10 ? formatDateTime(value, lang) : value)
  if (Array.isArray(value)) {
    const items = value
      .filter((v) => v !== null && v !== undefined && v !== '')
      .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
    return items.length ? text(items.join(', ')) : undefined
  }
  return keyedList(value, {}, lang)
}

function keyedList(
  value: unknown,
  labels: Record<string, Term>,
  lang: Lang,
  format: (v: unknown) => string = (v) => (typeof v === 'number' ? formatNumber(v, lang, 2) : String(v)),
): AttributeValue | undefined {
  const record = asRecord(value)
  if (!record) return undefined
  const items = Object.entries(record)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => ({
      label: keepNumbersTogether(labels[k]?.[lang] ?? k),
      text: keepNumbersTogether(format(v)),
    }))
  return items.length ? { kind: 'list', items } : undefined
}

const order = Object.keys(propertyLabels)

/** The attributes of a feature, labelled and formatted, known properties first in a fixed order. */
export function formatAttributes(
  layerId: LayerId,
  properties: Record<string, unknown>,
  lang: Lang,
): Attribute[] {
  const keys = Object.keys(properties).filter((k) => !hiddenKeys.has(k))
  keys.sort((a, b) => {
    const ia = order.indexOf(a)
    const ib = order.indexOf(b)
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib)
  })
  const attributes: Attribute[] = []
  for (const key of keys) {
    // The title is the panel's heading; repeating it as a row adds nothing.
    if (key === 'title' && !('name' in properties) && layerId !== 'crisis-annotations') continue
    const value = formatValue(layerId, key, properties[key], lang)
    if (!value) continue
    attributes.push({ key, label: propertyLabels[key]?.[lang] ?? key, value })
  }
  return attributes
}

/** The heading of the feature panel: its name, else what it is. */
export function featureTitle(
  layerId: LayerId,
  properties: Record<string, unknown>,
  lang: Lang,
): string | undefined {
  for (const key of ['name', 'title', 'label']) {
    const value = properties[key]
    if (typeof value === 'string' && value.trim() !== '') return value
  }
  const own: LayerAttributes = layerAttributes[layerId]
  return own.untitled?.(properties, lang) ?? termOf(own.kinds, properties.kind, lang)
}
