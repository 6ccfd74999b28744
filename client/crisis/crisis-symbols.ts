/**
 * The crisis symbols of point annotations (`common/crisis.ts` crisisSymbolTerms) as map icons and
 * badge colours. The icons are Maki and Temaki SVGs bundled by `client/map/icons.ts`, so nothing is
 * fetched at run time; the badge colour follows the usual Swedish emergency-map convention: red for
 * fire and danger, blue for water, green for places where people find help, yellow for power.
 */
import { type CrisisSymbol, crisisSymbolTerms } from '../../common/crisis.ts'
import { annotationColour, isCrisisSymbol } from '../../common/crisis-report.ts'
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

/** A point without a symbol, or with one this client does not know, gets a plain marker. */
export const FALLBACK_ICON: IconName = 'marker'

export function symbolIcon(symbol: unknown): IconName {
  return isCrisisSymbol(symbol) ? crisisSymbolIcons[symbol] : FALLBACK_ICON
}

/** The colour a symbol's badge has wherever it shows: the toolbar, its flyout and the map. */
export function symbolColour(symbol: unknown): string {
  return annotationColour('point', isCrisisSymbol(symbol) ? { symbol } : {})
}

export function symbolName(symbol: unknown, lang: 'sv' | 'en'): string | null {
  return isCrisisSymbol(symbol) ? crisisSymbolTerms[symbol][lang] : null
}
