/**
 * The crisis symbols of point annotations (`common/crisis.ts` crisisSymbolTerms) as map icons and
 * badge colours. The icons are Maki and Temaki SVGs bundled by `client/map/icons.ts`, so nothing is
 * fetched at run time; the badge colour follows the usual Swedish emergency-map convention: red for
 * fire and danger, blue for water, green for places where people find help, yellow for power.
 */
import { type CrisisSymbol, crisisSymbolTerms } from '../../common/crisis.ts'
import type { IconName } from '../map/icons.ts'

/** The symbols in the order the toolbar offers them. */
export const crisisSymbols = Object.keys(crisisSymbolTerms) as CrisisSymbol[]

export const crisisSymbolIcons: Record<CrisisSymbol, IconName> = {
  road_closed: 'roadblock',
  evacuation: 'entrance',
  assembly_point: 'pedestrian',
  shelter: 'shelter',
  command_post: 'embassy',
  staging_area: 'truck',
  fire: 'fire-station',
  flood: 'wetland',
  power_outage: 'power',
  water_outage: 'water-shutoff',
  information: 'information',
  medical: 'hospital',
  hazard: 'danger',
}

export const crisisSymbolColours: Record<CrisisSymbol, string> = {
  road_closed: '#c92a2a',
  evacuation: '#2b8a3e',
  assembly_point: '#2b8a3e',
  shelter: '#2b8a3e',
  command_post: '#1c3d7a',
  staging_area: '#5c677d',
  fire: '#e03131',
  flood: '#1971c2',
  power_outage: '#e8a800',
  water_outage: '#1098ad',
  information: '#1864ab',
  medical: '#c2255c',
  hazard: '#d9480f',
}

/** A point without a symbol, or with one this client does not know, gets a plain marker. */
export const FALLBACK_ICON: IconName = 'marker'
export const FALLBACK_COLOUR = '#d6336c'

export function isCrisisSymbol(value: unknown): value is CrisisSymbol {
  return typeof value === 'string' && Object.hasOwn(crisisSymbolTerms, value)
}

export function symbolIcon(symbol: unknown): IconName {
  return isCrisisSymbol(symbol) ? crisisSymbolIcons[symbol] : FALLBACK_ICON
}

export function symbolColour(symbol: unknown): string {
  return isCrisisSymbol(symbol) ? crisisSymbolColours[symbol] : FALLBACK_COLOUR
}

export function symbolName(symbol: unknown, lang: 'sv' | 'en'): string | null {
  return isCrisisSymbol(symbol) ? crisisSymbolTerms[symbol][lang] : null
}
