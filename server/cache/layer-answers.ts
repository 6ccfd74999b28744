/**
 * The features endpoint's answers, kept per caller and question until a table the layers read is
 * written (`derived-cache.ts`). Registers (actors, critical assets, districts, statistics) change a
 * few times a day and are read by every map that opens, so most answers are the same text again.
 *
 * Note: the key holds the user, role and organisation, because what a caller sees depends on them
 * (clearance per theme, joined names); crisis layers depend on invitations, which the counter does
 * not follow, and the incident points on a box that moves with every pan: neither is kept.
 */
import type { Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { type FeaturesQuery, queryFeatures } from '../layers/query.ts'
import type { LayerSource } from '../layers/sources.ts'
import { DerivedCache, layerDataVersion } from './derived-cache.ts'

/** Answers longer than this (characters of JSON) are made anew each time rather than held. */
export const MAX_KEPT_ANSWER_CHARS = 2_000_000

export const keepsAnswers = (source: LayerSource): boolean =>
  source.info.group !== 'crisis' && source.info.id !== 'incidents' && !source.aggregate

const caches = new WeakMap<Database, DerivedCache<string>>()

export function layerAnswerCache(db: Database): DerivedCache<string> {
  let cache = caches.get(db)
  if (!cache) {
    cache = new DerivedCache<string>(
      layerDataVersion(db),
      256,
      (text) => text.length <= MAX_KEPT_ANSWER_CHARS,
    )
    caches.set(db, cache)
  }
  return cache
}

/** The FeatureCollection for this caller and question as JSON text, from the cache where it may be. */
export function featuresAnswer(
  db: Database,
  source: LayerSource,
  access: Access,
  q: FeaturesQuery,
): Promise<string> {
  const compute = async () => JSON.stringify(await queryFeatures(db, source, access, q))
  if (!keepsAnswers(source)) return compute()
  const key = JSON.stringify([source.info.id, access.userId, access.role, access.actorId, q])
  return layerAnswerCache(db).get(key, compute)
}
