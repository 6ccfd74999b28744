/**
 * A dependency between two critical assets: the dependent needs a resource (electricity, water,
 * heat…) from the provider. The dependent fails only when every provider in one redundancy group is
 * down, and only once the buffer of that edge (time to impact plus backup) has run out. The wire
 * record of `/api/dependencies`, the cascade and the asset panel all use this one type.
 */
import { z } from 'zod'
import { type Classification, type Resource, resourceTerms } from './domain.ts'
import { higherClassification, mayEditLayer } from './permissions.ts'

export const ResourceId = z.enum(Object.keys(resourceTerms) as [Resource, ...Resource[]])

/** Hours, as the domain counts them: from zero to a year. */
const hours = z
  .number()
  .finite()
  .min(0, 'hours cannot be negative')
  .max(24 * 365)

/** A redundancy group's name, e.g. `electricity` or `electricity-b`: the edges of one group back each other up. */
const groupName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, space, _ . and - only')

/** One dependency as `/api/dependencies` answers it (CONTRACT: "Dependencies and the cascade"). */
export const Dependency = z.object({
  id: z.uuid(),
  dependentAssetId: z.uuid(),
  providerAssetId: z.uuid(),
  resource: ResourceId,
  redundancyGroup: z.string(),
  timeToImpactHours: z.number(),
  backupHours: z.number(),
})
export type Dependency = z.infer<typeof Dependency>

/** What the API says besides the contract's fields: both ends' names and places, and the marking. */
export const DependencyView = Dependency.extend({
  dependentName: z.string(),
  providerName: z.string(),
  /** `[lon, lat]` of each end, WGS 84. */
  dependentPosition: z.tuple([z.number(), z.number()]),
  providerPosition: z.tuple([z.number(), z.number()]),
  classification: z.enum(['open', 'internal', 'restricted']),
})
export type DependencyView = z.infer<typeof DependencyView>

/** `POST /api/dependencies`. The redundancy group defaults to the resource's own name. */
export const NewDependency = z
  .object({
    dependentAssetId: z.uuid(),
    providerAssetId: z.uuid(),
    resource: ResourceId,
    redundancyGroup: groupName.optional(),
    timeToImpactHours: hours.default(0),
    backupHours: hours.default(0),
  })
  .strict()
  .refine((d) => d.dependentAssetId !== d.providerAssetId, {
    message: 'an asset cannot depend on itself',
    path: ['providerAssetId'],
  })
export type NewDependency = z.infer<typeof NewDependency>

/** `PATCH /api/dependencies/{id}`: any of the fields; the ends stay unless given. */
export const DependencyChange = z
  .object({
    dependentAssetId: z.uuid(),
    providerAssetId: z.uuid(),
    resource: ResourceId,
    redundancyGroup: groupName,
    timeToImpactHours: hours,
    backupHours: hours,
  })
  .partial()
  .strict()
  .refine((d) => Object.keys(d).length > 0, 'give at least one field to change')
export type DependencyChange = z.infer<typeof DependencyChange>

/**
 * A dependency is as classified as the more classified of its two assets (and never below the
 * layer's own `internal`): knowing that A needs B tells as much as either of them.
 */
export const dependencyClassification = (
  dependent: Classification,
  provider: Classification,
): Classification => higherClassification('internal', higherClassification(dependent, provider))

/** Roles that edit critical assets edit their dependencies. */
export const mayEditDependencies = (role: Parameters<typeof mayEditLayer>[0]): boolean =>
  mayEditLayer(role, 'critical-assets')

/**
 * The chains of one asset, each edge once: `upstream` what it needs, transitively (its providers,
 * their providers…); `downstream` what needs it, transitively. Only edges whose both ends the caller
 * may read are followed, so a chain stops where the caller's clearance ends.
 */
export const DependencyChains = z.object({
  assetId: z.uuid(),
  upstream: z.array(DependencyView.extend({ depth: z.number().int() })),
  downstream: z.array(DependencyView.extend({ depth: z.number().int() })),
})
export type DependencyChains = z.infer<typeof DependencyChains>
