/**
 * The domain vocabularies shared by the seed, the server and the client. Each entry carries its
 * Swedish and English label so the UI and exports use one source.
 */
import { z } from 'zod'

export interface Term {
  sv: string
  en: string
}

/** Need-to-know classification of layers and objects. */
export const Classification = z.enum(['open', 'internal', 'restricted'])
export type Classification = z.infer<typeof Classification>
export const classificationTerms: Record<Classification, Term> = {
  open: { sv: 'Öppen', en: 'Open' },
  internal: { sv: 'Intern', en: 'Internal' },
  restricted: { sv: 'Begränsad', en: 'Restricted' },
}

/**
 * The marking a document or export carries, in the language it is written in: INTERN in a Swedish
 * report, INTERNAL in an English one. The machine-readable `classification` beside it never changes.
 */
export function classificationMarking(classification: Classification, lang: keyof Term): string {
  return classificationTerms[classification][lang].toLocaleUpperCase(lang)
}

/**
 * What stands in for an actor of the register the reader may not read, where a row joins it (an
 * invited organisation): the reader learns that someone is there, not who.
 */
export const withheldActorTerm: Term = { sv: 'Begränsad aktör', en: 'Restricted actor' }

export const Role = z.enum(['admin', 'crisis', 'analyst', 'police', 'planner', 'viewer'])
export type Role = z.infer<typeof Role>
export const roleTerms: Record<Role, Term> = {
  admin: { sv: 'Administratör', en: 'Administrator' },
  crisis: { sv: 'Krisledning', en: 'Crisis management' },
  analyst: { sv: 'Analytiker', en: 'Analyst' },
  police: { sv: 'Polis', en: 'Police' },
  planner: { sv: 'Planerare', en: 'Planner' },
  viewer: { sv: 'Läsare', en: 'Viewer' },
}

/** MSB's sectors of critical activities (samhällsviktig verksamhet). */
export const sectorTerms = {
  energy: { sv: 'Energiförsörjning', en: 'Energy supply' },
  finance: { sv: 'Finansiella tjänster', en: 'Financial services' },
  trade: { sv: 'Handel och industri', en: 'Trade and industry' },
  health: { sv: 'Hälso- och sjukvård samt omsorg', en: 'Health, medical and social care' },
  ict: { sv: 'Information och kommunikation', en: 'Information and communication' },
  municipal_tech: { sv: 'Kommunalteknisk försörjning', en: 'Municipal technical services' },
  food: { sv: 'Livsmedel', en: 'Food' },
  public_order: { sv: 'Allmän ordning och säkerhet', en: 'Public order and safety' },
  protection: { sv: 'Skydd och säkerhet', en: 'Protection and safety' },
  social_insurance: { sv: 'Socialförsäkringar', en: 'Social insurance' },
  transport: { sv: 'Transporter', en: 'Transport' },
  public_admin: { sv: 'Offentlig förvaltning', en: 'Public administration' },
} as const satisfies Record<string, Term>
export type Sector = keyof typeof sectorTerms
export const Sector = z.enum(Object.keys(sectorTerms) as [Sector, ...Sector[]])

/** Styrel priority classes for electricity rationing (Förordning 2011:931). */
export const styrelClassTerms: Record<number, Term> = {
  1: { sv: 'Liv och hälsa inom timmar', en: 'Life and health within hours' },
  2: { sv: 'Samhällets funktionalitet inom timmar', en: "Society's functionality within hours" },
  3: { sv: 'Liv och hälsa inom dygn', en: 'Life and health within days' },
  4: { sv: 'Samhällets funktionalitet inom dygn', en: "Society's functionality within days" },
  5: { sv: 'Stora ekonomiska värden', en: 'Large economic values' },
  6: { sv: 'Miljö', en: 'Environment' },
  7: { sv: 'Sociala och kulturella värden', en: 'Social and cultural values' },
  8: { sv: 'Övriga', en: 'Others' },
}

/** Resources one asset needs from another. */
export const resourceTerms = {
  electricity: { sv: 'El', en: 'Electricity' },
  water: { sv: 'Vatten', en: 'Water' },
  heat: { sv: 'Värme', en: 'Heat' },
  telecom: { sv: 'Elektronisk kommunikation', en: 'Telecom' },
  fuel: { sv: 'Drivmedel', en: 'Fuel' },
  transport: { sv: 'Transporter', en: 'Transport' },
  staff: { sv: 'Personal', en: 'Staff' },
} as const satisfies Record<string, Term>
export type Resource = keyof typeof resourceTerms

export const actorTypeTerms = {
  municipal_department: { sv: 'Kommunal förvaltning', en: 'Municipal department' },
  municipal_company: { sv: 'Kommunalt bolag', en: 'Municipal company' },
  police: { sv: 'Polis', en: 'Police' },
  rescue: { sv: 'Räddningstjänst', en: 'Rescue service' },
  region: { sv: 'Region', en: 'Region' },
  county_board: { sv: 'Länsstyrelse', en: 'County administrative board' },
  utility: { sv: 'Försörjningsbolag', en: 'Utility' },
  telecom: { sv: 'Telekomoperatör', en: 'Telecom operator' },
  company: { sv: 'Företag', en: 'Company' },
  volunteer: { sv: 'Frivilligorganisation', en: 'Volunteer organisation' },
  other: { sv: 'Övrig aktör', en: 'Other actor' },
} as const satisfies Record<string, Term>
export type ActorType = keyof typeof actorTypeTerms

export const actorLinkTerms = {
  collaboration_agreement: { sv: 'Samverkansavtal', en: 'Collaboration agreement' },
  mutual_aid: { sv: 'Ömsesidigt stöd', en: 'Mutual aid' },
  supply: { sv: 'Leverans', en: 'Supply' },
  reporting_line: { sv: 'Rapporteringsväg', en: 'Reporting line' },
} as const satisfies Record<string, Term>

export const areaKindTerms = {
  municipality: { sv: 'Kommun', en: 'Municipality' },
  district: { sv: 'Delområde', en: 'District' },
  police_area: { sv: 'Lokalpolisområde', en: 'Police area' },
  rescue_district: { sv: 'Räddningsdistrikt', en: 'Rescue district' },
  survey_area: { sv: 'Mätområde', en: 'Survey area' },
} as const satisfies Record<string, Term>

export const hazardZoneTerms = {
  flood_100: { sv: 'Översvämning 100-årsflöde', en: 'Flood, 100-year flow' },
  flood_200: { sv: 'Översvämning 200-årsflöde', en: 'Flood, 200-year flow' },
  flood_bhf: { sv: 'Översvämning beräknat högsta flöde (BHF)', en: 'Flood, highest calculated flow (BHF)' },
  seveso_consultation: { sv: 'Samrådszon Seveso', en: 'Seveso consultation zone' },
} as const satisfies Record<string, Term>
export type HazardZoneKind = keyof typeof hazardZoneTerms

export const hazardSiteTerms = {
  seveso_upper: { sv: 'Sevesoverksamhet, högre kravnivå', en: 'Seveso site, upper tier' },
  seveso_lower: { sv: 'Sevesoverksamhet, lägre kravnivå', en: 'Seveso site, lower tier' },
  petrol_station: { sv: 'Drivmedelsstation', en: 'Petrol station' },
} as const satisfies Record<string, Term>
export type HazardSiteKind = keyof typeof hazardSiteTerms

export const roadClassTerms = {
  motorway: { sv: 'Motorväg', en: 'Motorway' },
  primary: { sv: 'Riksväg', en: 'National road' },
  secondary: { sv: 'Länsväg', en: 'County road' },
  local: { sv: 'Lokalgata', en: 'Local street' },
} as const satisfies Record<string, Term>
export type RoadClass = keyof typeof roadClassTerms

export const hazardousGoodsRouteTerms = {
  primary: { sv: 'Primär transportled för farligt gods', en: 'Primary hazardous goods route' },
  secondary: { sv: 'Sekundär transportled för farligt gods', en: 'Secondary hazardous goods route' },
} as const satisfies Record<string, Term>

/** Incident categories (oönskade händelser), grouped. */
export const incidentCategoryTerms = {
  assault: { group: 'crime', sv: 'Misshandel', en: 'Assault' },
  unlawful_threat: { group: 'crime', sv: 'Olaga hot', en: 'Unlawful threat' },
  sexual_offence: { group: 'crime', sv: 'Sexualbrott', en: 'Sexual offence' },
  robbery: { group: 'crime', sv: 'Rån', en: 'Robbery' },
  residential_burglary: { group: 'crime', sv: 'Bostadsinbrott', en: 'Residential burglary' },
  car_theft: { group: 'crime', sv: 'Bilstöld', en: 'Car theft' },
  bicycle_theft: { group: 'crime', sv: 'Cykelstöld', en: 'Bicycle theft' },
  vandalism: { group: 'crime', sv: 'Skadegörelse', en: 'Vandalism' },
  graffiti: { group: 'crime', sv: 'Klotter', en: 'Graffiti' },
  drug_offence: { group: 'crime', sv: 'Narkotikabrott', en: 'Drug offence' },
  fraud: { group: 'crime', sv: 'Bedrägeri', en: 'Fraud' },
  traffic_accident: { group: 'accident', sv: 'Trafikolycka', en: 'Traffic accident' },
  fall_accident: { group: 'accident', sv: 'Fallolycka', en: 'Fall accident' },
  building_fire: { group: 'fire', sv: 'Brand i byggnad', en: 'Building fire' },
  outdoor_fire: { group: 'fire', sv: 'Brand utomhus', en: 'Outdoor fire' },
  water_damage: { group: 'municipal', sv: 'Vattenskada', en: 'Water damage' },
  threat_to_staff: {
    group: 'municipal',
    sv: 'Hot och våld mot personal',
    en: 'Threats and violence against staff',
  },
  unlawful_influence: { group: 'municipal', sv: 'Otillåten påverkan', en: 'Unlawful influence on officials' },
  it_incident: { group: 'it', sv: 'IT-incident', en: 'IT incident' },
} as const satisfies Record<string, Term & { group: string }>
export type IncidentCategory = keyof typeof incidentCategoryTerms

export const incidentGroupTerms = {
  crime: { sv: 'Brott', en: 'Crime' },
  accident: { sv: 'Olycka', en: 'Accident' },
  fire: { sv: 'Brand', en: 'Fire' },
  municipal: { sv: 'Kommunal händelse', en: 'Municipal incident' },
  it: { sv: 'IT', en: 'IT' },
} as const satisfies Record<string, Term>

/** Protected values (skyddsvärden) a risk's consequence is judged against. */
export const protectedValueTerms = {
  life_health: { sv: 'Människors liv och hälsa', en: 'Life and health' },
  society_functionality: { sv: 'Samhällets funktionalitet', en: "Society's functionality" },
  democracy: {
    sv: 'Demokrati, rättssäkerhet och mänskliga rättigheter',
    en: 'Democracy, rule of law, human rights',
  },
  economy_environment: { sv: 'Ekonomiska värden och miljö', en: 'Economic values and environment' },
  sovereignty: { sv: 'Nationell suveränitet', en: 'National sovereignty' },
} as const satisfies Record<string, Term>
export type ProtectedValue = keyof typeof protectedValueTerms

/** Hazards named in the municipalities' risk analyses. */
export const hazardTerms = {
  flood: { sv: 'Översvämning', en: 'Flooding' },
  cloudburst: { sv: 'Skyfall', en: 'Cloudburst' },
  heat_wave: { sv: 'Värmebölja', en: 'Heat wave' },
  snowstorm: { sv: 'Snöstorm', en: 'Snowstorm' },
  hazardous_goods: { sv: 'Olycka med farligt gods', en: 'Hazardous goods accident' },
  large_event: { sv: 'Större evenemang', en: 'Large gathering or event' },
  power_cut: { sv: 'Elavbrott', en: 'Power cut' },
  district_heating_failure: { sv: 'Fjärrvärmeavbrott', en: 'District heating failure' },
  fibre_break: { sv: 'Fiberavbrott', en: 'Broken fibre' },
  drinking_water: { sv: 'Förorenat dricksvatten', en: 'Polluted drinking water' },
  cyber_attack: { sv: 'Överbelastningsattack', en: 'Denial-of-service attack' },
  pandemic: { sv: 'Pandemi', en: 'Pandemic' },
  social_unrest: { sv: 'Social oro', en: 'Social unrest' },
  fire: { sv: 'Brand', en: 'Fire' },
  antagonistic_threat: { sv: 'Antagonistiskt hot', en: 'Antagonistic threat' },
} as const satisfies Record<string, Term>
export type Hazard = keyof typeof hazardTerms

/** Safety-survey indicators (trygghetsmätning): problem index 0-6 and shares in per cent. */
export const surveyIndicatorTerms = {
  problem_index: { sv: 'Problemindex (0–6)', en: 'Problem index (0–6)' },
  unsafe_at_night: {
    sv: 'Känner sig otrygg utomhus sent på kvällen (%)',
    en: 'Feels unsafe outdoors late at night (%)',
  },
  worry_about_crime: { sv: 'Oro för brott (%)', en: 'Worry about crime (%)' },
  victimisation: { sv: 'Utsatt för brott senaste året (%)', en: 'Victim of crime in the past year (%)' },
  litter: { sv: 'Nedskräpning (0–6)', en: 'Litter (0–6)' },
  vandalism: { sv: 'Skadegörelse (0–6)', en: 'Vandalism (0–6)' },
  drug_dealing: { sv: 'Narkotikaförsäljning (0–6)', en: 'Drug dealing (0–6)' },
  youth_gangs: { sv: 'Störande ungdomsgäng (0–6)', en: 'Disturbing youth gangs (0–6)' },
} as const satisfies Record<string, Term>
export type SurveyIndicator = keyof typeof surveyIndicatorTerms

/** The surveys whose results the safety-survey layer shows. */
export const surveyTerms = {
  trygghetsmatning: { sv: 'Polisens trygghetsmätning', en: "The police's local safety survey" },
} as const satisfies Record<string, Term>

/** Crisis escalation levels; the municipality may configure its own list. */
export const defaultEscalationLevels = [
  { id: 'normal', sv: 'Normalläge', en: 'Normal' },
  { id: 'disturbance', sv: 'Störning', en: 'Disturbance' },
  { id: 'serious', sv: 'Allvarlig händelse', en: 'Serious event' },
  { id: 'extraordinary', sv: 'Extraordinär händelse', en: 'Extraordinary event' },
] as const

/** Marks every synthetic name so demo content is never mistaken for real data. */
export const DEMO_MARK = '(demo)'
