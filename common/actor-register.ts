/**
 * The actor register (*aktörsregister*) under the municipality's geographic area responsibility
 * (geografiskt områdesansvar, LEH 2006:544): who the actors are, how to reach them around the clock
 * (TIB, *tjänsteperson i beredskap*), where each is responsible, how they are linked, and which
 * critical assets they own. The wire shapes of `/api/actors`, `/api/actor-links` and
 * `/api/actor-areas`, shared by the server that answers and the client that shows them.
 */
import { z } from 'zod'
import {
  type ActorType,
  actorLinkTerms,
  actorTypeTerms,
  Classification,
  type Role,
  Sector,
} from './domain.ts'
import { MultiPolygonGeometry, PolygonGeometry } from './geojson.ts'
import { mayEditLayer } from './permissions.ts'

export const ActorTypeId = z.enum(Object.keys(actorTypeTerms) as [ActorType, ...ActorType[]])
export type ActorLinkType = keyof typeof actorLinkTerms
export const ActorLinkType = z.enum(Object.keys(actorLinkTerms) as [ActorLinkType, ...ActorLinkType[]])

/** Roles that edit the actors edit their links and areas of responsibility too. */
export const mayEditActorRegister = (role: Role): boolean => mayEditLayer(role, 'actors')

export interface OnCall {
  function: string
  phone?: string | null
  email?: string | null
  hours?: string | null
}

export interface ActorContact {
  name: string
  role?: string | null
  phone?: string | null
  email?: string | null
}

/** One line of the register's list. */
export interface ActorSummary {
  id: string
  name: string
  shortName: string | null
  actorType: ActorType
  sector: Sector | null
  onCall: OnCall | null
  /** Areas of responsibility the caller may read. */
  areaCount: number
  /** `[lon, lat]`, WGS 84, or null for an actor without a place. */
  position: [number, number] | null
  classification: Classification
}

export interface ActorAreaSummary {
  id: string
  responsibility: string
  /** The district, police area or rescue district the area was taken from, if any. */
  areaId: string | null
  areaName: string | null
  /** Its extent `[minLon, minLat, maxLon, maxLat]`, to zoom to. */
  bbox: [number, number, number, number]
  classification: Classification
}

export interface ActorLinkSummary {
  id: string
  /** `out`: this actor → the other; `in`: the other → this actor. */
  direction: 'out' | 'in'
  linkType: ActorLinkType
  description: string | null
  otherActorId: string
  otherActorName: string
  otherActorType: ActorType
  classification: Classification
}

export interface OwnedAsset {
  id: string
  name: string
  sector: Sector
  function: string
  styrelClass: number | null
}

/** `GET /api/actors/{id}`: the card. Links, areas and assets only as far as the caller may read them. */
export interface ActorCard {
  actor: ActorSummary & {
    description: string | null
    address: string | null
    contacts: ActorContact[]
  }
  areas: ActorAreaSummary[]
  links: ActorLinkSummary[]
  assets: OwnedAsset[]
}

/** `GET /api/actors`: search and filters. */
export const ActorListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    type: z.union([ActorTypeId, z.array(ActorTypeId)]).optional(),
    sector: z.union([Sector, z.array(Sector)]).optional(),
    /** Actors responsible somewhere in this area (a district, police area or rescue district). */
    areaId: z.uuid('areaId must be a UUID').optional(),
    onCall: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict()

/** "Who is responsible here": the actors whose areas cover a point or touch a drawn area, by function. */
export interface ResponsibleGroup {
  /** The actors' MSB sector (their function); null for actors without one. */
  sector: Sector | null
  actors: (Pick<ActorSummary, 'id' | 'name' | 'shortName' | 'actorType' | 'onCall'> & {
    responsibilities: { areaId: string; responsibility: string }[]
  })[]
}

export const ResponsibleAt = z
  .object({
    lon: z.coerce.number().finite().min(-180).max(180),
    lat: z.coerce.number().finite().min(-90).max(90),
  })
  .strict()

export const ResponsibleWithin = z
  .object({ geometry: z.union([PolygonGeometry, MultiPolygonGeometry]) })
  .strict()

const text = (max: number) => z.string().trim().min(1).max(max)

/** `POST /api/actor-links`; a link never joins an actor to itself. */
export const NewActorLink = z
  .object({
    fromActorId: z.uuid(),
    toActorId: z.uuid(),
    linkType: ActorLinkType,
    description: text(2000).nullable().optional(),
    classification: Classification.optional(),
  })
  .strict()
  .refine((l) => l.fromActorId !== l.toActorId, {
    message: 'an actor cannot be linked to itself',
    path: ['toActorId'],
  })
export type NewActorLink = z.infer<typeof NewActorLink>

export const ActorLinkChange = z
  .object({
    fromActorId: z.uuid(),
    toActorId: z.uuid(),
    linkType: ActorLinkType,
    description: text(2000).nullable(),
    classification: Classification,
  })
  .partial()
  .strict()
  .refine((l) => Object.keys(l).length > 0, 'give at least one field to change')
export type ActorLinkChange = z.infer<typeof ActorLinkChange>

/**
 * `POST /api/actor-areas`: an area of responsibility drawn (`geometry`) or taken whole from a
 * district, police area or rescue district (`areaId`), one of the two.
 */
export const NewActorArea = z
  .object({
    actorId: z.uuid(),
    responsibility: text(300),
    geometry: z.union([PolygonGeometry, MultiPolygonGeometry]).optional(),
    areaId: z.uuid().optional(),
    classification: Classification.optional(),
  })
  .strict()
  .refine((a) => (a.geometry === undefined) !== (a.areaId === undefined), {
    message: 'give either a geometry or an areaId',
    path: ['geometry'],
  })
export type NewActorArea = z.infer<typeof NewActorArea>

export const ActorAreaChange = z
  .object({
    responsibility: text(300),
    geometry: z.union([PolygonGeometry, MultiPolygonGeometry]),
    areaId: z.uuid(),
    classification: Classification,
  })
  .partial()
  .strict()
  .refine((a) => Object.keys(a).length > 0, 'give at least one field to change')
  .refine((a) => a.geometry === undefined || a.areaId === undefined, {
    message: 'give either a geometry or an areaId, not both',
    path: ['geometry'],
  })
export type ActorAreaChange = z.infer<typeof ActorAreaChange>
