/**
 * The hotspot statistics of the contract for one set of features and their weights: per feature Gi*
 * with its p and FDR bin, local Moran's I with its analytical z, quadrant and permutation pseudo p;
 * globally Moran's I (row-standardised, randomisation variance) and General G (binary). Computed in
 * the features' canonical order (by id) and answered in theirs.
 */
import { type ConfidenceBin, fdrBins } from './fdr.ts'
import { generalG, localGiStar } from './getis-ord.ts'
import { globalMoran, localMoran, localMoranPseudoP, type MoranQuadrant } from './moran.ts'
import { canonicalOrder, restoreOrder } from './order.ts'
import { binary, islands, permuted, rowStandardised, type SpatialWeights, withSelf } from './weights.ts'

export interface FeatureStatistics {
  id: string
  value: number
  giStar: number
  giStarP: number
  giStarBin: ConfidenceBin
  localMoranI: number
  localMoranZ: number | null
  localMoranQuadrant: MoranQuadrant
  localMoranPseudoP: number | null
}

export interface GlobalStatistics {
  moranI: number
  moranExpected: number
  moranVariance: number
  moranZ: number
  /** Null when a value is negative: General G is defined for non-negative values only. */
  generalG: number | null
  generalGZ: number | null
}

export interface HotspotStatistics {
  features: FeatureStatistics[]
  global: GlobalStatistics
  /** Ids of features without neighbours: Gi* sees only themselves, local Moran is undefined. */
  islands: string[]
}

/** Why the statistics cannot be computed for these data; routes answer it as the caller's fault. */
export class StatisticsRefusal extends Error {
  constructor(
    readonly reason: 'too-few-features' | 'zero-variance' | 'no-links' | 'not-finite',
    message: string,
  ) {
    super(message)
  }
}

/** Moran's variance under randomisation has n − 3 in its denominator. */
export const MIN_FEATURES = 4

export interface StatisticsOptions {
  /** Permutations for the local Moran pseudo p; 0 leaves it out (null). */
  permutations?: number
  seed?: number
}

export function hotspotStatistics(
  ids: readonly string[],
  values: readonly number[],
  weights: SpatialWeights,
  { permutations = 0, seed = 12345 }: StatisticsOptions = {},
): HotspotStatistics {
  const n = values.length
  if (n < MIN_FEATURES)
    throw new StatisticsRefusal('too-few-features', `At least ${MIN_FEATURES} features are needed, got ${n}`)
  if (!values.every(Number.isFinite))
    throw new StatisticsRefusal('not-finite', 'Every value must be a finite number')
  if (values.every((v) => v === values[0]))
    throw new StatisticsRefusal(
      'zero-variance',
      `Every feature has the same value (${values[0]}): there is no variation to find clusters in`,
    )
  if (weights.neighbours.length === 0)
    throw new StatisticsRefusal('no-links', 'No feature has a neighbour under these weights')

  const order = canonicalOrder(ids)
  const identity = order.every((old, k) => old === k)
  const w = binary(identity ? weights : permuted(weights, order))
  const x = order.map((i) => values[i]!)
  const star = localGiStar(x, withSelf(w))
  const { p, bins } = fdrBins(star)
  const standard = rowStandardised(w)
  const local = localMoran(x, standard)
  const pseudo =
    permutations > 0 ? localMoranPseudoP(x, standard, permutations, seed) : x.map(() => Number.NaN)
  const moran = globalMoran(x, standard)
  const g = x.every((v) => v >= 0) ? generalG(x, w) : null
  const features = x.map(
    (value, k): FeatureStatistics => ({
      id: w.ids[k]!,
      value,
      giStar: star[k]!,
      giStarP: p[k]!,
      giStarBin: bins[k]!,
      localMoranI: local.i[k]!,
      localMoranZ: local.z[k]!,
      localMoranQuadrant: local.quadrant[k]!,
      localMoranPseudoP: Number.isNaN(pseudo[k]!) ? null : pseudo[k]!,
    }),
  )
  return {
    features: restoreOrder(order, features),
    global: {
      moranI: moran.i,
      moranExpected: moran.expected,
      moranVariance: moran.varianceRandomisation,
      moranZ: moran.zRandomisation,
      generalG: g ? g.g : null,
      generalGZ: g ? g.z : null,
    },
    islands: islands(w).map((k) => w.ids[k]!),
  }
}
