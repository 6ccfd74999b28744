/**
 * A proposed measure changes the dependencies a cascade runs on: more backup hours on an asset's
 * dependencies or on one dependency, or a second feed (an extra provider) in a redundancy group.
 * The present scenario and the proposed one then run side by side.
 */

import type { CascadeDependency } from './cascade.ts'
import type { CascadeMeasure } from './cascade-api.ts'

export function applyMeasures(
  dependencies: readonly CascadeDependency[],
  measures: readonly CascadeMeasure[],
): CascadeDependency[] {
  let changed = dependencies.map((d) => ({ ...d }))
  for (const [i, measure] of measures.entries()) {
    switch (measure.kind) {
      case 'assetBackup':
        changed = changed.map((d) =>
          d.dependentAssetId === measure.assetId &&
          (measure.resource === undefined || d.resource === measure.resource)
            ? { ...d, backupHours: d.backupHours + measure.addHours }
            : d,
        )
        break
      case 'dependencyBackup':
        changed = changed.map((d) =>
          d.id === measure.dependencyId ? { ...d, backupHours: d.backupHours + measure.addHours } : d,
        )
        break
      case 'extraProvider':
        changed.push({
          id: `measure-${i + 1}`,
          dependentAssetId: measure.assetId,
          providerAssetId: measure.providerAssetId,
          resource: measure.resource,
          redundancyGroup: measure.redundancyGroup,
          timeToImpactHours: measure.timeToImpactHours ?? 0,
          backupHours: measure.backupHours ?? 0,
        })
        break
      default:
        exhaustive(measure)
    }
  }
  return changed
}

function exhaustive(value: never): never {
  throw new Error(`unhandled measure ${JSON.stringify(value)}`)
}
