/**
 * `POST /api/analysis/hotspots`, the work behind the route: the units and their values (the
 * caller's features, or stored incidents counted as the caller may see them), the weights asked for
 * or chosen from the data, the statistics, and an answer that says in words what was chosen.
 */
import type { Feature } from 'geojson'
import {
  cellCentre,
  cellId,
  type GridCell,
  type GridShape,
  type GridSpec,
  parseCellId,
} from '../../common/grid.ts'
import type {
  GivenFeaturesRequest,
  HotspotAnswer,
  HotspotUnits,
  HotspotWeights,
  StoredIncidentsRequest,
} from '../../common/hotspots.ts'
import { confidenceLegend, statisticMeaning } from '../../common/hotspots.ts'
import type { Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { badRequest } from '../http/errors.ts'
import { bandReachingEveryone, givenFeatureWeights, readGivenFeatures } from './given-features.ts'
import { chooseDistanceBand, chooseGridSize } from './hotspots/defaults.ts'
import {
  type HotspotStatistics,
  hotspotStatistics,
  StatisticsRefusal,
} from './hotspots/hotspot-statistics.ts'
import { canonicalOrder } from './hotspots/order.ts'
import {
  contiguityWeights,
  distanceBandWeights,
  givenWeights,
  gridContiguityWeights,
  gridDistanceWeights,
  knnWeights,
  type SpatialWeights,
  type XY,
} from './hotspots/weights.ts'
import {
  cellPolygon,
  disclosureOf,
  type IncidentSample,
  incidentQuestion,
  loadDistricts,
  loadIncidents,
  municipalityRings,
  studyAreaCells,
  tallyCells,
  tallyDistricts,
  unitValue,
} from './incident-units.ts'

type Words = { sv: string; en: string }

/** Grid sizes a role without clearance may ask for: a few fixed grids give few views of the same records to set against each other. */
export const PUBLISHED_GRID_SIZES = [250, 500, 1000, 2000] as const

/** Permutations beyond this many feature-draws are refused: the answer would take minutes. */
const PERMUTATION_BUDGET = 20_000_000
const DEFAULT_PERMUTATIONS = 999
/** Above this many features the pseudo p is left out unless asked for. */
const DEFAULT_PERMUTATION_LIMIT = 2000

function permutationsFor(n: number, asked: number | undefined): number {
  const permutations = asked ?? (n <= DEFAULT_PERMUTATION_LIMIT ? DEFAULT_PERMUTATIONS : 0)
  if (n * permutations > PERMUTATION_BUDGET)
    throw badRequest(
      `Too many permutations for ${n} features: at most ${Math.floor(PERMUTATION_BUDGET / n)}`,
      { field: 'permutations' },
    )
  return permutations
}

function statistics(
  ids: string[],
  values: number[],
  weights: SpatialWeights,
  permutations: number,
  seed: number | undefined,
): HotspotStatistics {
  try {
    return hotspotStatistics(ids, values, weights, { permutations, seed })
  } catch (e) {
    if (e instanceof StatisticsRefusal) throw badRequest(e.message, { reason: e.reason })
    throw e
  }
}

const weightsWords = (w: HotspotWeights): Words => {
  switch (w.type) {
    case 'queen':
      return {
        sv: 'grannar som delar kant eller hörn (queen)',
        en: 'neighbours sharing an edge or a corner (queen)',
      }
    case 'rook':
      return { sv: 'grannar som delar kant (rook)', en: 'neighbours sharing an edge (rook)' }
    case 'distance':
      return { sv: `grannar inom ${w.band} m`, en: `neighbours within ${w.band} m` }
    case 'knn':
      return { sv: `de ${w.k} närmaste grannarna`, en: `the ${w.k} nearest neighbours` }
    case 'neighbours':
      return { sv: 'givna grannlistor', en: 'given neighbour lists' }
  }
}

function featureCollection(
  stats: HotspotStatistics,
  originalIds: readonly (string | number)[],
  geometries: readonly unknown[],
): Feature[] {
  return stats.features.map(({ id: _, ...properties }, i) => ({
    type: 'Feature',
    id: originalIds[i]!,
    geometry: geometries[i] as Feature['geometry'],
    properties,
  }))
}

/** Given features: everything the caller needs is in the body. */
export function analyseGivenFeatures(body: GivenFeaturesRequest): HotspotAnswer {
  const given = readGivenFeatures(body)
  if (given.ids.length < 4) throw badRequest(`At least 4 features are needed, got ${given.ids.length}`)
  let weightsSpec = body.weights
  let explanation: Words
  if (weightsSpec) {
    const words = weightsWords(weightsSpec)
    explanation = { sv: `Vikter: ${words.sv}, som angivet.`, en: `Weights: ${words.en}, as asked.` }
  } else if (given.kind === 'polygons') {
    weightsSpec = { type: 'queen' }
    explanation = {
      sv: 'Vikter: ytor som delar kant eller hörn är grannar (queen), standard för ytor.',
      en: 'Weights: areas sharing an edge or a corner are neighbours (queen), the default for areas.',
    }
  } else {
    const band = bandReachingEveryone(given.ids, given.points)
    weightsSpec = { type: 'distance', band }
    const unit = given.crs === 'planar' ? '' : ' m'
    explanation = {
      sv: `Vikter: grannar inom ${round(band)}${unit}, det kortaste avstånd där varje punkt har minst en granne.`,
      en: `Weights: neighbours within ${round(band)}${unit}, the shortest distance at which every point has at least one neighbour.`,
    }
  }
  const weights = givenFeatureWeights(given, weightsSpec)
  const stats = statistics(
    given.ids,
    given.values,
    weights,
    permutationsFor(given.ids.length, body.permutations),
    body.seed,
  )
  const originalOf = new Map(given.ids.map((id, i) => [id, given.originalIds[i]!]))
  return {
    type: 'FeatureCollection',
    features: featureCollection(stats, given.originalIds, given.geometries) as HotspotAnswer['features'],
    global: stats.global,
    islands: stats.islands.map((id) => originalOf.get(id)!),
    choice: {
      units: { given: given.ids.length },
      weights: weightsSpec,
      chosenFromData: { units: false, weights: body.weights === undefined },
      explanation,
    },
    disclosure: null,
    meaning: statisticMeaning,
    legend: confidenceLegend,
  }
}

const round = (v: number) => Math.round(v * 100) / 100

const studyAreas = new WeakMap<Database, Map<string, GridCell[]>>()

async function studyArea(db: Database, spec: GridSpec): Promise<GridCell[]> {
  let cache = studyAreas.get(db)
  if (!cache) {
    cache = new Map()
    studyAreas.set(db, cache)
  }
  const key = `${spec.shape}:${spec.sizeMetres}`
  let cells = cache.get(key)
  if (!cells) {
    cells = studyAreaCells(spec, await municipalityRings(db))
    cache.set(key, cells)
  }
  return cells
}

interface GridChoice {
  spec: GridSpec
  chosen: boolean
  words: Words
}

function chooseGrid(sample: IncidentSample, units: HotspotUnits | undefined): GridChoice {
  const cleared = sample.keys === null
  const shape: GridShape = units && 'square' in units ? 'square' : 'hexagon'
  const shapeWords =
    shape === 'hexagon' ? { sv: 'hexagoner', en: 'hexagons' } : { sv: 'rutor', en: 'squares' }
  const across = shape === 'hexagon' ? { sv: ' tvärs över', en: ' across' } : { sv: '', en: '' }
  if (units && !('areas' in units)) {
    const asked = 'hexagon' in units ? units.hexagon : units.square
    if (cleared)
      return {
        spec: { shape, sizeMetres: asked },
        chosen: false,
        words: {
          sv: `Enheter: ${shapeWords.sv} ${asked} m${across.sv}, som angivet.`,
          en: `Units: ${shapeWords.en} ${asked} m${across.en}, as asked.`,
        },
      }
    const size =
      PUBLISHED_GRID_SIZES.find((s) => s >= asked) ?? PUBLISHED_GRID_SIZES[PUBLISHED_GRID_SIZES.length - 1]
    return {
      spec: { shape, sizeMetres: size },
      chosen: size !== asked,
      words: {
        sv: `Enheter: ${shapeWords.sv} ${size} m${across.sv}${size !== asked ? ` (närmaste publicerade rutnät över ${asked} m)` : ''}.`,
        en: `Units: ${shapeWords.en} ${size} m${across.en}${size !== asked ? ` (the nearest published grid above ${asked} m)` : ''}.`,
      },
    }
  }
  if (cleared) {
    const choice = chooseGridSize((size) =>
      [...tallyCells(sample, { shape, sizeMetres: size }).values()].map((t) => t.count),
    )
    const share = Math.round(choice.denseShare * 100)
    return {
      spec: { shape, sizeMetres: choice.sizeMetres },
      chosen: true,
      words: {
        sv: `Enheter: ${shapeWords.sv} ${choice.sizeMetres} m${across.sv}, den minsta storlek där minst 80 % av händelserna ligger i celler med minst 5 (här ${share} %): mindre celler ger för små tal, större suddar ut platserna.`,
        en: `Units: ${shapeWords.en} ${choice.sizeMetres} m${across.en}, the smallest size at which at least 80 % of the incidents lie in cells holding at least 5 (here ${share} %): smaller cells give counts too small, larger ones blur the places.`,
      },
    }
  }
  // Note: without clearance the choice is made from published counts only: the share of what the
  // coarsest published grid shows that a finer one still shows after suppression.
  const publishedTotal = (size: number) => {
    let sum = 0
    for (const t of tallyCells(sample, { shape, sizeMetres: size }).values()) sum += unitValue(t, sample)
    return sum
  }
  const coarsest = publishedTotal(PUBLISHED_GRID_SIZES[PUBLISHED_GRID_SIZES.length - 1]!)
  const size =
    PUBLISHED_GRID_SIZES.find((s) => coarsest > 0 && publishedTotal(s) >= 0.8 * coarsest) ??
    PUBLISHED_GRID_SIZES[PUBLISHED_GRID_SIZES.length - 1]
  return {
    spec: { shape, sizeMetres: size },
    chosen: true,
    words: {
      sv: `Enheter: ${shapeWords.sv} ${size} m${across.sv}, det minsta publicerade rutnät där minst 80 % av de publicerade händelserna finns kvar efter att små tal dolts.`,
      en: `Units: ${shapeWords.en} ${size} m${across.en}, the smallest published grid at which at least 80 % of the published incidents remain once small counts are hidden.`,
    },
  }
}

function gridWeights(
  spec: GridSpec,
  ids: string[],
  cells: GridCell[],
  centres: XY[],
  values: number[],
  asked: HotspotWeights | undefined,
): { spec: HotspotWeights; weights: SpatialWeights; words: Words } {
  if (!asked) {
    const choice = chooseDistanceBand(spec, cells, values)
    const band = choice.band
    const words: Words = choice.peak
      ? {
          sv: `Vikter: grannar inom ${band} m, där klustringen (Morans I:s z-värde, prövat för 1–8 cellavstånd) når sin första topp.`,
          en: `Weights: neighbours within ${band} m, where clustering (the z-score of Moran's I, tried for 1 to 8 cell spacings) first peaks.`,
        }
      : {
          sv: `Vikter: grannar inom ${band} m, medelavståndet till de 30 närmaste cellerna, eftersom klustringen inte nådde någon topp inom 1–8 cellavstånd.`,
          en: `Weights: neighbours within ${band} m, the mean distance to the 30 nearest cells, as clustering did not peak within 1 to 8 cell spacings.`,
        }
    return { spec: { type: 'distance', band }, weights: gridDistanceWeights(ids, cells, spec, band), words }
  }
  const words = weightsWords(asked)
  const asAsked = { sv: `Vikter: ${words.sv}, som angivet.`, en: `Weights: ${words.en}, as asked.` }
  switch (asked.type) {
    case 'queen':
    case 'rook':
      return { spec: asked, weights: gridContiguityWeights(ids, cells, spec, asked.type), words: asAsked }
    case 'distance':
      return { spec: asked, weights: gridDistanceWeights(ids, cells, spec, asked.band), words: asAsked }
    case 'knn':
      if (asked.k >= ids.length) throw badRequest(`k must be less than the number of units (${ids.length})`)
      return { spec: asked, weights: knnWeights(ids, centres, asked.k), words: asAsked }
    case 'neighbours':
      return { spec: asked, weights: namedWeights(ids, asked.neighbours), words: asAsked }
  }
}

function namedWeights(ids: string[], lists: Record<string, string[]>): SpatialWeights {
  const w = givenWeights(ids, lists)
  if ('unknown' in w)
    throw badRequest(`The neighbours name a unit that is not analysed: ${w.unknown}`, {
      field: 'weights.neighbours',
      id: w.unknown,
    })
  return w
}

/** Stored incidents, counted per unit as this caller may see them. */
export async function analyseStoredIncidents(
  db: Database,
  body: StoredIncidentsRequest,
  access: Access,
): Promise<HotspotAnswer> {
  const question = incidentQuestion(body, access)
  const sample = await loadIncidents(db, question)
  const permutationsAsked = body.permutations
  if (body.units && 'areas' in body.units) {
    const districts = await loadDistricts(db)
    const tallies = tallyDistricts(sample, districts)
    const ids = districts.map((d) => d.id)
    const values = tallies.map((t) => unitValue(t, sample))
    const asked = body.weights ?? { type: 'queen' as const }
    let weights: SpatialWeights
    switch (asked.type) {
      case 'queen':
      case 'rook':
        weights = contiguityWeights(
          ids,
          districts.map((d) => d.rings),
          asked.type,
        )
        break
      case 'distance':
      case 'knn': {
        const centres = districts.map((d) => d.centre)
        if (asked.type === 'knn' && asked.k >= ids.length)
          throw badRequest(`k must be less than the number of districts (${ids.length})`)
        weights =
          asked.type === 'distance'
            ? distanceBandWeights(ids, centres, asked.band)
            : knnWeights(ids, centres, asked.k)
        break
      }
      case 'neighbours':
        weights = namedWeights(ids, asked.neighbours)
        break
    }
    const stats = statistics(ids, values, weights, permutationsFor(ids.length, permutationsAsked), body.seed)
    const words = weightsWords(asked)
    return {
      type: 'FeatureCollection',
      features: featureCollection(
        stats,
        ids,
        districts.map((d) => d.geometry),
      ) as HotspotAnswer['features'],
      global: stats.global,
      islands: stats.islands,
      choice: {
        units: { areas: 'districts' },
        weights: asked,
        chosenFromData: { units: false, weights: body.weights === undefined },
        explanation: {
          sv: `Enheter: kommunens ${ids.length} delområden. Vikter: ${words.sv}${body.weights ? ', som angivet' : ', standard för ytor'}.`,
          en: `Units: the municipality's ${ids.length} districts. Weights: ${words.en}${body.weights ? ', as asked' : ', the default for areas'}.`,
        },
      },
      disclosure: disclosureOf(question),
      meaning: statisticMeaning,
      legend: confidenceLegend,
    }
  }

  const grid = chooseGrid(sample, body.units)
  const tallies = tallyCells(sample, grid.spec)
  const area = await studyArea(db, grid.spec)
  const inArea = new Set(area.map(cellId))
  let cells = [...area]
  for (const [id, t] of tallies) if (!inArea.has(id) && unitValue(t, sample) > 0) cells.push(parseCellId(id)!)
  // Note: cells in the statistics' canonical order, so the weights need no reordering there.
  let ids = cells.map(cellId)
  const order = canonicalOrder(ids)
  cells = order.map((k) => cells[k]!)
  ids = order.map((k) => ids[k]!)
  const values = ids.map((id) => unitValue(tallies.get(id), sample))
  const centres = cells.map((c) => cellCentre(grid.spec, c))
  const chosen = gridWeights(grid.spec, ids, cells, centres, values, body.weights)
  const stats = statistics(
    ids,
    values,
    chosen.weights,
    permutationsFor(ids.length, permutationsAsked),
    body.seed,
  )
  const units: HotspotUnits =
    grid.spec.shape === 'hexagon' ? { hexagon: grid.spec.sizeMetres } : { square: grid.spec.sizeMetres }
  return {
    type: 'FeatureCollection',
    features: featureCollection(
      stats,
      ids,
      cells.map((c) => cellPolygon(grid.spec, c)),
    ) as HotspotAnswer['features'],
    global: stats.global,
    islands: stats.islands,
    choice: {
      units,
      weights: chosen.spec,
      chosenFromData: { units: grid.chosen, weights: body.weights === undefined },
      explanation: { sv: `${grid.words.sv} ${chosen.words.sv}`, en: `${grid.words.en} ${chosen.words.en}` },
    },
    disclosure: disclosureOf(question),
    meaning: statisticMeaning,
    legend: confidenceLegend,
  }
}
