/**
 * The wire contract of the hotspot statistics (`POST /api/analysis/hotspots`, CONTRACT.md "Hotspot
 * statistics") and of the analyses beside it: kernel density, DBSCAN clusters, emerging hotspots and
 * the Predictive Accuracy Index. Shared by the server's routes and the client's views.
 */
import { z } from 'zod'
import { isoDateOrDateTime } from './dates.ts'

/** The coordinate systems a caller's features may come in: distances are in metres in SWEREF 99 TM, or in the coordinates' own units with `planar`. */
export const AnalysisCrs = z.enum(['EPSG:4326', 'EPSG:3006', 'planar'])
export type AnalysisCrs = z.infer<typeof AnalysisCrs>

/** The most features one request may analyse (the body limit of 1 MB comes first for given features). */
export const MAX_ANALYSIS_FEATURES = 50_000

export const HotspotWeights = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('queen') }),
  z.strictObject({ type: z.literal('rook') }),
  z.strictObject({ type: z.literal('distance'), band: z.number().finite().positive() }),
  z.strictObject({ type: z.literal('knn'), k: z.number().int().min(1).max(100) }),
  z.strictObject({
    type: z.literal('neighbours'),
    neighbours: z.record(z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(10_000)),
  }),
])
export type HotspotWeights = z.infer<typeof HotspotWeights>

/** Hexagon: metres across the flats; square: the side. */
export const GRID_SIZE_LIMITS = { min: 50, max: 10_000 } as const
const gridSize = z.number().finite().min(GRID_SIZE_LIMITS.min).max(GRID_SIZE_LIMITS.max)

export const HotspotUnits = z.union([
  z.strictObject({ hexagon: gridSize }),
  z.strictObject({ square: gridSize }),
  z.strictObject({ areas: z.literal('districts') }),
])
export type HotspotUnits = z.infer<typeof HotspotUnits>

const Coordinates: z.ZodType<unknown> = z.lazy(() => z.union([z.number(), z.array(Coordinates)]))

/** A feature as a caller sends it; coordinates are checked against the crs by the server. */
export const GivenFeature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string().min(1).max(200), z.number().finite()]).optional(),
  geometry: z.object({
    type: z.enum(['Point', 'Polygon', 'MultiPolygon']),
    coordinates: Coordinates,
  }),
  properties: z.record(z.string(), z.unknown()).nullable(),
})

const Seeded = {
  /** Permutations for local Moran's pseudo p (0: none). */
  permutations: z.number().int().min(0).max(9999).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
}

export const GivenFeaturesRequest = z.strictObject({
  features: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(GivenFeature).max(MAX_ANALYSIS_FEATURES),
  }),
  valueProperty: z.string().min(1).max(200),
  /** Where a feature's id is read when it has no GeoJSON `id`. */
  idProperty: z.string().min(1).max(200).optional(),
  crs: AnalysisCrs.optional(),
  weights: HotspotWeights.optional(),
  ...Seeded,
})
export type GivenFeaturesRequest = z.infer<typeof GivenFeaturesRequest>

/** Which stored incidents: categories or groups, and a window (ISO dates or date-times). */
const IncidentSelection = {
  layer: z.literal('incidents'),
  category: z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(50)]).optional(),
  from: isoDateOrDateTime('from').optional(),
  to: isoDateOrDateTime('to').optional(),
}

export const StoredIncidentsRequest = z.strictObject({
  ...IncidentSelection,
  units: HotspotUnits.optional(),
  weights: HotspotWeights.optional(),
  ...Seeded,
})
export type StoredIncidentsRequest = z.infer<typeof StoredIncidentsRequest>

export const HotspotRequest = z.union([GivenFeaturesRequest, StoredIncidentsRequest])
export type HotspotRequest = z.infer<typeof HotspotRequest>

export const ConfidenceBin = z.union([
  z.literal(-3),
  z.literal(-2),
  z.literal(-1),
  z.literal(0),
  z.literal(1),
  z.literal(2),
  z.literal(3),
])
export type ConfidenceBin = z.infer<typeof ConfidenceBin>

export const MoranQuadrant = z.enum(['HH', 'LH', 'LL', 'HL'])

export const HotspotProperties = z.object({
  value: z.number(),
  giStar: z.number(),
  giStarP: z.number(),
  giStarBin: ConfidenceBin,
  localMoranI: z.number(),
  localMoranZ: z.number().nullable(),
  localMoranQuadrant: MoranQuadrant,
  localMoranPseudoP: z.number().nullable(),
})
export type HotspotProperties = z.infer<typeof HotspotProperties>

export const HotspotGlobal = z.object({
  moranI: z.number(),
  moranExpected: z.number(),
  moranVariance: z.number(),
  moranZ: z.number(),
  generalG: z.number().nullable(),
  generalGZ: z.number().nullable(),
})

const Words = z.object({ sv: z.string(), en: z.string() })

/** What the answer was computed over, and why: the defaults chosen from the data are explained. */
export const HotspotChoice = z.object({
  units: z.union([HotspotUnits, z.object({ given: z.number().int() })]),
  weights: HotspotWeights.or(z.object({ type: z.literal('given') })),
  /** True where the server chose (grid size, band), false where the caller's choice was used. */
  chosenFromData: z.object({ units: z.boolean(), weights: z.boolean() }),
  explanation: Words,
})

/** How the counts behind the answer were protected (stored incidents only). */
export const HotspotDisclosure = z.object({
  control: z.enum(['none', 'cell-key']),
  /** The fixed period and category group the question was widened to ('cell-key'). */
  period: z.string().nullable(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  categoryGroup: z.string().nullable(),
  minimumCount: z.number().int().nullable(),
})

export const HotspotFeature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: z.unknown(),
  properties: HotspotProperties,
})

export const HotspotAnswer = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(HotspotFeature),
  global: HotspotGlobal,
  /** Ids of features without neighbours under the weights. */
  islands: z.array(z.union([z.string(), z.number()])),
  choice: HotspotChoice,
  disclosure: HotspotDisclosure.nullable(),
  /** What the statistics mean, one sentence each, for a legend. */
  meaning: z.object({ giStar: Words, localMoran: Words }),
  /** The confidence bins in plain words, hot to cold. */
  legend: z.array(z.object({ bin: ConfidenceBin, sv: z.string(), en: z.string() })),
})
export type HotspotAnswer = z.infer<typeof HotspotAnswer>

/** A confidence bin in plain words, as the legend shows it. */
export const confidenceBinTerms = {
  '-3': { sv: 'Kall fläck, 99 % säkerhet', en: 'Cold spot, 99 % confidence' },
  '-2': { sv: 'Kall fläck, 95 % säkerhet', en: 'Cold spot, 95 % confidence' },
  '-1': { sv: 'Kall fläck, 90 % säkerhet', en: 'Cold spot, 90 % confidence' },
  '0': { sv: 'Inte signifikant', en: 'Not significant' },
  '1': { sv: 'Het fläck, 90 % säkerhet', en: 'Hot spot, 90 % confidence' },
  '2': { sv: 'Het fläck, 95 % säkerhet', en: 'Hot spot, 95 % confidence' },
  '3': { sv: 'Het fläck, 99 % säkerhet', en: 'Hot spot, 99 % confidence' },
} as const satisfies Record<`${ConfidenceBin}`, { sv: string; en: string }>

/** The legend of the Gi* bins, hot (3) to cold (−3). */
export const confidenceLegend = ([3, 2, 1, 0, -1, -2, -3] as const).map((bin) => ({
  bin,
  ...confidenceBinTerms[`${bin}`],
}))

export const statisticMeaning = {
  giStar: {
    sv: 'Gi* jämför summan i och runt en yta med hela områdets medelvärde: ett högt värde betyder att höga värden samlas där mer än slumpen förklarar.',
    en: 'Gi* compares the sum in and around a unit with the whole area’s mean: a high value means high values cluster there more than chance explains.',
  },
  localMoran: {
    sv: 'Lokalt Morans I visar om en yta liknar sina grannar (HH, LL) eller avviker från dem (HL, LH).',
    en: 'Local Moran’s I shows whether a unit resembles its neighbours (HH, LL) or stands out from them (HL, LH).',
  },
} as const
