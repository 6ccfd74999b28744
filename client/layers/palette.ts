/**
 * The colours of the situation picture. Data layers use saturated colours so they stand out against
 * the muted basemap; each vocabulary has one colour per term, used by both the map and the legend.
 */
import type { MeasureStatus } from '../../common/action-plan.ts'
import type {
  ActorType,
  actorLinkTerms,
  HazardSiteKind,
  HazardZoneKind,
  incidentGroupTerms,
  Resource,
  RoadClass,
  Sector,
} from '../../common/domain.ts'
import { type RiskBand, riskBandColours } from '../../common/risk.ts'

export const actorTypeColours: Record<ActorType, string> = {
  municipal_department: '#1f5fa8',
  municipal_company: '#3d7ebf',
  police: '#17345f',
  rescue: '#c92a2a',
  region: '#2b8a3e',
  county_board: '#5f3dc4',
  utility: '#e67700',
  telecom: '#0b7285',
  company: '#5c677d',
  volunteer: '#c2255c',
  other: '#868e96',
}

/** Actor links, by type: the map's dashed lines and the network view's arcs. */
export const actorLinkColours: Record<keyof typeof actorLinkTerms, string> = {
  collaboration_agreement: '#1f5fa8',
  mutual_aid: '#2b8a3e',
  supply: '#e67700',
  reporting_line: '#5f3dc4',
}

export const sectorColours: Record<Sector, string> = {
  energy: '#e67700',
  finance: '#5c677d',
  trade: '#8d6e63',
  health: '#2b8a3e',
  ict: '#0b7285',
  municipal_tech: '#1971c2',
  food: '#66a80f',
  public_order: '#17345f',
  protection: '#c92a2a',
  social_insurance: '#862e9c',
  transport: '#495057',
  public_admin: '#364fc7',
}

export const resourceColours: Record<Resource, string> = {
  electricity: '#f59f00',
  water: '#1c7ed6',
  heat: '#e8590c',
  telecom: '#7048e8',
  fuel: '#6f4e37',
  transport: '#495057',
  staff: '#2b8a3e',
}

export type IncidentGroup = keyof typeof incidentGroupTerms
export const incidentGroupColours: Record<IncidentGroup, string> = {
  crime: '#c2255c',
  accident: '#f08c00',
  fire: '#e03131',
  municipal: '#6741d9',
  it: '#0c8599',
}

/**
 * An action-plan measure's outline by status: blue while planned, green while under way, grey once
 * done or cancelled, away from the crime ramp's reds so a place never reads as a crime class.
 */
export const measureStatusColours: Record<MeasureStatus, string> = {
  planned: '#1c7ed6',
  ongoing: '#2b8a3e',
  completed: '#495057',
  cancelled: '#adb5bd',
}

export const hazardSiteColours: Record<HazardSiteKind, string> = {
  seveso_upper: '#b3001b',
  seveso_lower: '#e8590c',
  petrol_station: '#5f3dc4',
}

export const floodColours: Record<Extract<HazardZoneKind, `flood_${string}`>, string> = {
  flood_100: '#1d5aa6',
  flood_200: '#4d8fd6',
  flood_bhf: '#9cc4ee',
}

export const roadColours: Record<RoadClass | 'railway', string> = {
  motorway: '#b35c00',
  primary: '#d9822b',
  secondary: '#c9a227',
  local: '#7b8494',
  railway: '#343a40',
}

export const riskColours: Record<RiskBand, string> = riskBandColours

/** Darker shades for the score written inside a risk's ring, legible on white. */
export const riskTextColours: Record<RiskBand, string> = {
  green: '#1e7b34',
  yellow: '#8a6d00',
  orange: '#a94f00',
  red: '#b3001b',
}

/** Sequential ramps for choropleths, light to dark. */
export const crimeRamp = ['#fde0dd', '#fbb4a6', '#f7785e', '#d93b2b', '#9e0d16'] as const
export const surveyRamp = ['#efedf5', '#cbc9e2', '#9e9ac8', '#756bb1', '#4a1486'] as const
export const aggregateRamp = ['#fdd49e', '#fdae6b', '#f16913', '#d94801', '#8c2d04'] as const

export const boundaryColour = '#15345a'
export const crisisColour = '#d6336c'
export const highlightColour = '#00a6d6'
export const noDataColour = '#d8dadf'
