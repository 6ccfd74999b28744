/**
 * Runs a cascade on the caller's readable graph and dresses the engine's answer with what the staff
 * room needs: names, residents, Styrel class, vulnerable occupants, the owner's on-call number, whose
 * backup runs out first, the cycles by name, and, with proposed measures, the same scenario with the
 * measures beside the present one.
 */

import {
  type CascadeDependency,
  type CascadeOutage,
  type CascadeResult,
  runCascade,
} from '../../../common/cascade.ts'
import type {
  CascadeAffected,
  CascadeAnswer,
  CascadeAnswerCore,
  CascadeBackupRunOut,
  CascadeMeasure,
} from '../../../common/cascade-api.ts'
import { applyMeasures } from '../../../common/cascade-measures.ts'
import type { Classification } from '../../../common/domain.ts'
import { higherClassification } from '../../../common/permissions.ts'
import type { ReadableAsset, ReadableGraph } from './readable-graph.ts'

export interface CascadeScenarioInput {
  outages: CascadeOutage[]
  horizonHours: number
  measures: CascadeMeasure[]
  zone: { hazardZoneId: string | null; name: string | null; classification: Classification } | null
}

function dress(result: CascadeResult, assets: Map<string, ReadableAsset>): CascadeAnswerCore {
  const affected: CascadeAffected[] = result.affected.map((a) => {
    const asset = assets.get(a.assetId) as ReadableAsset
    const ranOut = a.periods.find((p) => p.cause !== 'outage' && p.cause.backupHours > 0)
    return {
      ...a,
      name: asset.name,
      sector: asset.sector,
      function: asset.function,
      residentsServed: asset.residentsServed,
      styrelClass: asset.styrelClass,
      vulnerableOccupants: asset.vulnerableOccupants,
      owner: asset.owner,
      position: asset.position,
      backupRunsOutAtHours: ranOut ? ranOut.fromHours : null,
      classification: asset.classification,
    }
  })
  // Note: at one moment, the outages that started it come first, then the rest by name.
  affected.sort(
    (x, y) =>
      x.downAtHours - y.downAtHours ||
      Number(y.cause === 'outage') - Number(x.cause === 'outage') ||
      x.name.localeCompare(y.name, 'sv'),
  )
  const backupsRunningOut: CascadeBackupRunOut[] = affected
    .flatMap((a) =>
      a.periods.flatMap((p) =>
        p.cause !== 'outage' && p.cause.backupHours > 0
          ? [{ assetId: a.assetId, name: a.name, atHours: p.fromHours, backupHours: p.cause.backupHours }]
          : [],
      ),
    )
    .sort((x, y) => x.atHours - y.atHours || x.name.localeCompare(y.name, 'sv'))
  return {
    affected,
    residentsAffected: affected.reduce((sum, a) => sum + (a.residentsServed ?? 0), 0),
    downHours: affected.reduce((sum, a) => sum + a.downHours, 0),
    cycles: result.cycles.map((cycle) =>
      cycle.map((assetId) => ({ assetId, name: (assets.get(assetId) as ReadableAsset).name })),
    ),
    backupsRunningOut,
  }
}

const exceedances = (core: CascadeAnswerCore) =>
  core.affected.filter((a) => a.exceedsAcceptableOutageAtHours !== null).length

/** The classification of what an answer shows: its assets, the dependencies it names, the zone. */
function classificationOf(
  cores: CascadeAnswerCore[],
  dependencies: Map<string, { classification: Classification }>,
  zone: CascadeScenarioInput['zone'],
): Classification {
  let level: Classification = zone?.classification ?? 'open'
  for (const core of cores)
    for (const a of core.affected) {
      level = higherClassification(level, a.classification)
      for (const p of a.periods)
        if (p.cause !== 'outage')
          for (const id of p.cause.dependencyIds) {
            const d = dependencies.get(id)
            if (d) level = higherClassification(level, d.classification)
          }
    }
  return level
}

export function cascadeAnswer(graph: ReadableGraph, input: CascadeScenarioInput): CascadeAnswer {
  const assets = new Map(graph.assets.map((a) => [a.id, a]))
  const engineAssets = graph.assets.map((a) => ({ id: a.id, acceptableOutageHours: a.acceptableOutageHours }))
  const run = (dependencies: CascadeDependency[]) =>
    dress(
      runCascade({
        assets: engineAssets,
        dependencies,
        outages: input.outages,
        horizonHours: input.horizonHours,
      }),
      assets,
    )
  const present = run(graph.dependencies)
  const proposed = input.measures.length > 0 ? run(applyMeasures(graph.dependencies, input.measures)) : null
  const dependencies = new Map(graph.dependencies.map((d) => [d.id, d]))
  return {
    ...present,
    horizonHours: input.horizonHours,
    outages: input.outages.map((o) => ({ ...o, name: (assets.get(o.assetId) as ReadableAsset).name })),
    zone: input.zone ? { hazardZoneId: input.zone.hazardZoneId, name: input.zone.name } : null,
    classification: classificationOf(proposed ? [present, proposed] : [present], dependencies, input.zone),
    compare: proposed
      ? {
          ...proposed,
          measures: input.measures,
          residentsSaved: present.residentsAffected - proposed.residentsAffected,
          downHoursSaved: present.downHours - proposed.downHours,
          exceedancesAvoided: exceedances(present) - exceedances(proposed),
        }
      : null,
  }
}
