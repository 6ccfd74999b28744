/**
 * What the generators share while seeding: the transaction, the random stream, the municipality
 * and the world built so far (districts, river, roads, actors, assets), so that later themes can
 * place things where earlier themes put the town.
 */
import type { Orm } from '../client.ts'
import type { MultiPolygonXY, Region, Ring, XY } from './geometry.ts'
import type { Kommun } from './kommun.ts'
import type { Random } from './random.ts'

/** Who the seed writes as, in created_by and updated_by. */
export const SEED_USER = 'seed'

export type DistrictKind = 'centre' | 'urban' | 'rural'

export interface District {
  id: string
  code: string
  name: string
  kind: DistrictKind
  /** The district's own centre, where its place label and most of its people are. */
  seed: XY
  population: number
  polygon: MultiPolygonXY
  region: Region
  /** Spread of the district's housing around its centre, metres. */
  spread: number
}

export interface AreaGroup {
  id: string
  code: string
  name: string
  districtCodes: string[]
  polygon: MultiPolygonXY
}

export type RoadClass = 'motorway' | 'primary' | 'secondary' | 'local'

export interface Road {
  roadClass: RoadClass
  name: string
  ref: string | null
  hazardousGoodsRoute: 'primary' | 'secondary' | null
  line: XY[]
}

export interface ActorRef {
  id: string
  key: string
  name: string
  location: XY
}

export interface AssetRef {
  id: string
  /** The asset kind's key, e.g. `care_home`, see ASSET_KINDS in assets.ts. */
  kind: string
  name: string
  function: string
  sector: string
  location: XY
  styrelClass: number
  backupPowerType: string
  backupPowerHours: number
}

export interface World {
  municipalityId: string
  districts: District[]
  policeAreas: AreaGroup[]
  rescueDistricts: AreaGroup[]
  /** The river's centre line(s), inside the municipality. */
  river: XY[][]
  riverWidth: number
  lake: Ring | null
  villages: { name: string; location: XY }[]
  /** Where the town's life concentrates: the railway station, nightlife, the out-of-town mall, industry. */
  station: XY
  nightlife: XY
  mall: XY
  industrial: XY
  roads: Road[]
  railway: XY[][]
  sevesoSites: { id: string; name: string; kind: 'seveso_upper' | 'seveso_lower'; location: XY }[]
  actors: Map<string, ActorRef>
  assets: AssetRef[]
}

export interface SeedContext {
  tx: Orm
  rng: Random
  kommun: Kommun
  world: World
  /** Multiplies the number of incidents, for quick tests. */
  incidentScale: number
  /** The seed day ("2026-11-20"), in Swedish time: the example session happens on it. */
  day: string
  /** Row counts per table, filled in as themes insert. */
  counts: Record<string, number>
}
