/**
 * The wire contract of `POST /api/analysis/cascade`: what a client asks (outages by asset, or every
 * asset inside a hazard zone or a drawn polygon; proposed measures to compare) and what it gets back.
 * The rules of the cascade itself are in `cascade.ts`; this file only names the fields.
 */
import { z } from 'zod'
import type { AssetCascade } from './cascade.ts'
import { ResourceId } from './dependencies.ts'
import type { Classification } from './domain.ts'
import { PolygonGeometry } from './geojson.ts'

export const DEFAULT_HORIZON_HOURS = 168
/** A month: longer scenarios say nothing a crisis staff can act on, and cost time. */
export const MAX_HORIZON_HOURS = 720
export const MAX_OUTAGES = 500
export const MAX_MEASURES = 20

const Hours = z.number().finite().min(0).max(MAX_HORIZON_HOURS)
const PositiveHours = z
  .number()
  .finite()
  .gt(0)
  .max(10 * MAX_HORIZON_HOURS)
const Id = z.uuid()

export const CascadeOutageInput = z
  .object({ assetId: Id, durationHours: PositiveHours, startHours: Hours.default(0) })
  .strict()

/** Every asset inside a hazard or flood zone, or a drawn polygon, goes out at once. */
export const CascadeZoneInput = z
  .object({
    hazardZoneId: Id.optional(),
    polygon: PolygonGeometry.optional(),
    durationHours: PositiveHours,
    startHours: Hours.default(0),
  })
  .strict()
  .refine((z) => (z.hazardZoneId === undefined) !== (z.polygon === undefined), {
    message: 'give either hazardZoneId or polygon',
  })

/** A proposed change to compare with the present: more backup, or a second feed in a group. */
export const CascadeMeasure = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('assetBackup'),
      /** Adds hours to the backup of every dependency of this asset (of one resource, if named). */
      assetId: Id,
      resource: ResourceId.optional(),
      addHours: PositiveHours,
    })
    .strict(),
  z.object({ kind: z.literal('dependencyBackup'), dependencyId: Id, addHours: PositiveHours }).strict(),
  z
    .object({
      kind: z.literal('extraProvider'),
      assetId: Id,
      redundancyGroup: z.string().trim().min(1).max(100),
      providerAssetId: Id,
      resource: ResourceId,
      timeToImpactHours: Hours.default(0),
      backupHours: Hours.default(0),
    })
    .strict(),
])
export type CascadeMeasure = z.infer<typeof CascadeMeasure>

export const CascadeRequest = z
  .object({
    outages: z.array(CascadeOutageInput).max(MAX_OUTAGES).default([]),
    zone: CascadeZoneInput.optional(),
    horizonHours: z.number().finite().gt(0).max(MAX_HORIZON_HOURS).default(DEFAULT_HORIZON_HOURS),
    measures: z.array(CascadeMeasure).max(MAX_MEASURES).default([]),
  })
  .strict()
  .refine((r) => r.outages.length > 0 || r.zone !== undefined, {
    message: 'name at least one outage or a zone',
    path: ['outages'],
  })
export type CascadeRequest = z.input<typeof CascadeRequest>

/** The asset's owner from the actor register, shown only to those who may read that actor. */
export interface CascadeOwner {
  name: string
  /** The owner's on-call function (TIB) and its number, to call around the clock. */
  onCallFunction: string | null
  onCallPhone: string | null
}

export interface CascadeAffected extends AssetCascade {
  name: string
  sector: string
  function: string
  residentsServed: number | null
  styrelClass: number | null
  vulnerableOccupants: Record<string, number>
  owner: CascadeOwner | null
  /** Where the asset is, WGS 84 [lon, lat]. */
  position: [number, number]
  /** When its backup ran out: the start of a period caused by a group that had backup hours. */
  backupRunsOutAtHours: number | null
  classification: Classification
}

export interface CascadeBackupRunOut {
  assetId: string
  name: string
  atHours: number
  backupHours: number
}

export interface CascadeAnswerCore {
  affected: CascadeAffected[]
  residentsAffected: number
  /** Hours down summed over every affected asset, within the horizon. */
  downHours: number
  /** Cycles that cannot restart by themselves, each named by its assets. */
  cycles: { assetId: string; name: string }[][]
  /** Whose backup runs out, earliest first. */
  backupsRunningOut: CascadeBackupRunOut[]
}

export interface CascadeComparison extends CascadeAnswerCore {
  measures: CascadeMeasure[]
  residentsSaved: number
  downHoursSaved: number
  /** Assets passing their acceptable outage time now and not with the measures (and the reverse). */
  exceedancesAvoided: number
}

export interface CascadeAnswer extends CascadeAnswerCore {
  horizonHours: number
  /** The outages the scenario started from (a zone resolved to its assets). */
  outages: { assetId: string; name: string; startHours: number; durationHours: number }[]
  zone: { hazardZoneId: string | null; name: string | null } | null
  /** The most restrictive classification of what the answer shows. */
  classification: Classification
  compare: CascadeComparison | null
}
