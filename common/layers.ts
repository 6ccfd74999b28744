/**
 * The layer catalogue: every map layer of the situation picture, grouped by the themes users know.
 * The server pairs each id with its SQL source; the client pairs it with a style and a legend.
 */
import { z } from 'zod'
import { Classification, type Term } from './domain.ts'

export const LayerGroup = z.enum(['actors', 'infrastructure', 'hazards', 'crime', 'crisis'])
export type LayerGroup = z.infer<typeof LayerGroup>

export const layerGroupTerms: Record<LayerGroup, Term> = {
  actors: { sv: 'Aktörer och ansvar', en: 'Actors and responsibility' },
  infrastructure: { sv: 'Samhällsviktig verksamhet', en: 'Critical infrastructure' },
  hazards: { sv: 'Risker och hot', en: 'Risks and hazards' },
  crime: { sv: 'Brott och trygghet', en: 'Crime and safety' },
  crisis: { sv: 'Krisarbete', en: 'Crisis work' },
}

/** `Geometry` marks a layer whose features mix points, lines and polygons (annotations). */
export const GeometryType = z.enum(['Point', 'LineString', 'Polygon', 'Geometry'])
export type GeometryType = z.infer<typeof GeometryType>

/** Which property filters a layer understands on its features and tiles. */
export const LayerFilter = z.enum(['category', 'time'])
export type LayerFilter = z.infer<typeof LayerFilter>

/**
 * Every layer of the situation picture, in display order. Everything keyed by a layer (its source,
 * writable columns, editors, style and legend, attribute formatting) is a `Record<LayerId, ...>`, so a
 * layer added here does not compile until each of them says what it does with it.
 */
export const layerIds = [
  'municipality',
  'districts',
  'police-areas',
  'rescue-districts',
  'actors',
  'responsibility-areas',
  'actor-links',
  'critical-assets',
  'dependencies',
  'roads',
  'hazardous-goods-routes',
  'flood-zones',
  'hazard-zones',
  'hazard-sites',
  'rsa-risks',
  'planning-assessments',
  'incidents',
  'incident-hexagons',
  'crime-statistics',
  'safety-survey',
  'action-measures',
  'crisis-sessions',
  'crisis-annotations',
] as const
export const LayerId = z.enum(layerIds)
export type LayerId = (typeof layerIds)[number]

export const isLayerId = (id: string): id is LayerId => (layerIds as readonly string[]).includes(id)

export const LayerInfo = z.object({
  id: LayerId,
  title: z.string(),
  titles: z.object({ sv: z.string(), en: z.string() }),
  group: LayerGroup,
  geometryType: GeometryType,
  classification: Classification,
  /** Whether the caller may edit the layer: the server sets it per caller from `layerEditors`. */
  editable: z.boolean(),
  filters: z.array(LayerFilter),
  /** The feature property the `category` filter matches, and that styles colour by. */
  categoryProperty: z.string().optional(),
  /** Below this zoom, point layers come aggregated in tiles (property `count`). */
  aggregateBelowZoom: z.number().optional(),
  visibleByDefault: z.boolean(),
})
export type LayerInfo = z.infer<typeof LayerInfo>

export type LayerSpec = Omit<
  LayerInfo,
  'id' | 'title' | 'titles' | 'filters' | 'editable' | 'visibleByDefault'
> & {
  titles: Term
  filters?: LayerFilter[]
  visibleByDefault?: boolean
}

export const layerSpecs = {
  municipality: {
    titles: { sv: 'Kommungräns', en: 'Municipal boundary' },
    group: 'actors',
    geometryType: 'Polygon',
    classification: 'open',
    visibleByDefault: true,
  },
  districts: {
    titles: { sv: 'Delområden', en: 'Districts' },
    group: 'actors',
    geometryType: 'Polygon',
    classification: 'open',
    visibleByDefault: true,
  },
  'police-areas': {
    titles: { sv: 'Lokalpolisområden', en: 'Police areas' },
    group: 'actors',
    geometryType: 'Polygon',
    classification: 'open',
  },
  'rescue-districts': {
    titles: { sv: 'Räddningsdistrikt', en: 'Rescue districts' },
    group: 'actors',
    geometryType: 'Polygon',
    classification: 'open',
  },
  actors: {
    titles: { sv: 'Aktörer', en: 'Actors' },
    group: 'actors',
    geometryType: 'Point',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'actorType',
    visibleByDefault: true,
  },
  'responsibility-areas': {
    titles: { sv: 'Ansvarsområden', en: 'Areas of responsibility' },
    group: 'actors',
    geometryType: 'Polygon',
    classification: 'internal',
  },
  'actor-links': {
    titles: { sv: 'Samverkanslänkar', en: 'Actor links' },
    group: 'actors',
    geometryType: 'LineString',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'linkType',
  },
  'critical-assets': {
    titles: { sv: 'Samhällsviktiga objekt', en: 'Critical assets' },
    group: 'infrastructure',
    geometryType: 'Point',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'sector',
    visibleByDefault: true,
  },
  dependencies: {
    titles: { sv: 'Beroenden', en: 'Dependencies' },
    group: 'infrastructure',
    geometryType: 'LineString',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'resource',
  },
  roads: {
    titles: { sv: 'Vägar och järnväg', en: 'Roads and railway' },
    group: 'infrastructure',
    geometryType: 'LineString',
    classification: 'open',
    filters: ['category'],
    categoryProperty: 'roadClass',
  },
  'hazardous-goods-routes': {
    titles: { sv: 'Transportleder för farligt gods', en: 'Hazardous goods routes' },
    group: 'hazards',
    geometryType: 'LineString',
    classification: 'open',
    filters: ['category'],
    categoryProperty: 'hazardousGoodsRoute',
  },
  'flood-zones': {
    titles: { sv: 'Översvämningszoner', en: 'Flood zones' },
    group: 'hazards',
    geometryType: 'Polygon',
    classification: 'open',
    filters: ['category'],
    categoryProperty: 'kind',
    visibleByDefault: true,
  },
  'hazard-zones': {
    titles: { sv: 'Samrådszoner', en: 'Consultation zones' },
    group: 'hazards',
    geometryType: 'Polygon',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'kind',
  },
  'hazard-sites': {
    titles: { sv: 'Seveso och drivmedel', en: 'Seveso sites and petrol stations' },
    group: 'hazards',
    geometryType: 'Point',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'kind',
  },
  'rsa-risks': {
    titles: { sv: 'Risker (RSA)', en: 'Risks (RSA)' },
    group: 'hazards',
    geometryType: 'Point',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'hazard',
  },
  'planning-assessments': {
    titles: { sv: 'Planbedömningar', en: 'Planning assessments' },
    group: 'hazards',
    geometryType: 'Polygon',
    classification: 'internal',
  },
  incidents: {
    titles: { sv: 'Händelser', en: 'Incidents' },
    group: 'crime',
    geometryType: 'Point',
    classification: 'restricted',
    filters: ['category', 'time'],
    categoryProperty: 'category',
    aggregateBelowZoom: 14,
  },
  // The generalised twin of `incidents` for roles without the right to the police's points: counts
  // per hexagon, 1 km across, with cells of fewer than three left out.
  'incident-hexagons': {
    titles: { sv: 'Händelser per hexagon (1 km)', en: 'Incidents per hexagon (1 km)' },
    group: 'crime',
    geometryType: 'Polygon',
    classification: 'internal',
    filters: ['category', 'time'],
    categoryProperty: 'category',
  },
  'crime-statistics': {
    titles: { sv: 'Anmälda brott per delområde', en: 'Reported crime per district' },
    group: 'crime',
    geometryType: 'Polygon',
    classification: 'open',
    filters: ['category', 'time'],
    categoryProperty: 'category',
  },
  'safety-survey': {
    titles: { sv: 'Trygghetsmätning', en: 'Safety survey' },
    group: 'crime',
    geometryType: 'Polygon',
    classification: 'open',
    filters: ['category', 'time'],
    categoryProperty: 'indicator',
  },
  // The crime prevention council's action plan (åtgärdsplan): measures tied to places.
  'action-measures': {
    titles: { sv: 'Åtgärdsplan', en: 'Action plan' },
    group: 'crime',
    geometryType: 'Polygon',
    classification: 'internal',
    filters: ['category'],
    categoryProperty: 'status',
  },
  'crisis-sessions': {
    titles: { sv: 'Pågående kriser', en: 'Active crises' },
    group: 'crisis',
    geometryType: 'Polygon',
    classification: 'internal',
  },
  'crisis-annotations': {
    titles: { sv: 'Krisanteckningar', en: 'Crisis annotations' },
    group: 'crisis',
    geometryType: 'Geometry',
    classification: 'internal',
  },
} satisfies Record<LayerId, LayerSpec>

/** The layers of one theme, as a type: what is keyed by theme is complete when keyed by this. */
export type LayerIdIn<G extends LayerGroup> = {
  [K in LayerId]: (typeof layerSpecs)[K]['group'] extends G ? K : never
}[LayerId]

/** The catalogue in display order, as the caller's layer list carries it before `editable` is set. */
export const layerCatalogue: readonly LayerInfo[] = layerIds.map((id) => {
  const s: LayerSpec = layerSpecs[id]
  return {
    ...s,
    id,
    title: s.titles.sv,
    filters: s.filters ?? [],
    editable: false,
    visibleByDefault: s.visibleByDefault ?? false,
  }
})
