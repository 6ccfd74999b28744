/**
 * The app's own basemap, built from data it holds anyway (the boundaries of Sweden's municipalities
 * and counties, the demo world's water, roads, railway and places), so the map works offline.
 * Thinned by zoom: minor roads, streams and small places appear as the user zooms in.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { TileAddress } from '../../common/geo.ts'
import {
  bufferedTileEnvelope,
  mercatorGeometry,
  type TileGeometryKind,
  type TileLayerQuery,
} from './tile-query.ts'

/** Basemap layer names, the `source-layer`s of the client's basemap style. */
export const BasemapLayer = {
  land: 'land',
  county: 'county',
  water: 'water',
  waterway: 'waterway',
  roads: 'roads',
  railway: 'railway',
  places: 'places',
} as const
export type BasemapLayer = (typeof BasemapLayer)[keyof typeof BasemapLayer]

/** Road classes drawn at a zoom; local roads (and roads without a class) only from zoom 12. */
export function roadClassesAt(z: number): readonly string[] | 'all' {
  if (z < 7) return ['motorway', 'trunk']
  if (z < 9) return ['motorway', 'trunk', 'primary']
  if (z < 12) return ['motorway', 'trunk', 'primary', 'secondary']
  return 'all'
}

/** Above every rank the smallint column can hold. */
const ALL_RANKS = 32767

/** The least important rank (1 = most important) of places and waterways drawn at a zoom. */
export function placeRankAt(z: number): number {
  if (z < 8) return 1
  if (z < 10) return 2
  if (z < 11) return 3
  if (z < 12) return 4
  return ALL_RANKS
}

export function waterwayRankAt(z: number): number {
  if (z < 9) return 1
  if (z < 12) return 2
  return ALL_RANKS
}

/** Municipality names are labelled from a point inside each municipality between these zooms. */
export const MUNICIPALITY_LABEL_ZOOMS = { min: 5, max: 11 } as const
/** The rank municipality labels carry among places, for the client's label priority. */
export const MUNICIPALITY_LABEL_RANK = 2

// Note: tiles of the basemap are built without the caller's access (they are shared by everyone),
// so every query keeps to rows classified open.
const basemapFeatures = (
  layer: string,
  kind: TileGeometryKind,
  address: TileAddress,
  props: SQL,
  extra: SQL = sql``,
): SQL => sql`
  SELECT ${mercatorGeometry(sql`b.geom`, kind, address)} AS geom, ${props} AS props
  FROM basemap_features b
  WHERE b.layer = ${layer} AND b.classification = 'open' AND b.geom && ${bufferedTileEnvelope(address)} ${extra}`

const transportLinks = (mode: string, address: TileAddress, props: SQL, extra: SQL = sql``): SQL => sql`
  SELECT ${mercatorGeometry(sql`t.geom`, 'LineString', address)} AS geom, ${props} AS props
  FROM transport_links t
  WHERE t.mode = ${mode} AND t.classification = 'open' AND t.geom && ${bufferedTileEnvelope(address)} ${extra}`

function placesQuery(address: TileAddress): SQL {
  const places = basemapFeatures(
    'place',
    'Point',
    address,
    sql`jsonb_build_object('name', b.name, 'kind', b.kind, 'rank', b.rank)`,
    sql`AND b.rank <= ${placeRankAt(address.z)}::int`,
  )
  const { min, max } = MUNICIPALITY_LABEL_ZOOMS
  if (address.z < min || address.z > max) return places
  // Note: ST_PointOnSurface of the whole municipality, not of the part in this tile, so the label
  // stands in one place whichever tile draws it.
  const municipalityLabels = sql`
    SELECT ST_Transform(l.label, 3857) AS geom,
      jsonb_build_object('name', l.name, 'kind', 'municipality', 'rank', ${MUNICIPALITY_LABEL_RANK}::int) AS props
    FROM (
      SELECT ST_PointOnSurface(b.geom) AS label, b.name
      FROM basemap_features b
      WHERE b.layer = 'land' AND b.kind = 'municipality' AND b.classification = 'open'
        AND b.geom && ${bufferedTileEnvelope(address)}
    ) l
    WHERE l.label && ${bufferedTileEnvelope(address)}`
  return sql`(${places}) UNION ALL (${municipalityLabels})`
}

export function basemapTileQueries(address: TileAddress): TileLayerQuery[] {
  const { z } = address
  const classes = roadClassesAt(z)
  const roadFilter =
    classes === 'all'
      ? sql``
      : sql`AND t.road_class IN (${sql.join(
          classes.map((c) => sql`${c}`),
          sql`, `,
        )})`
  const layer = (name: BasemapLayer, rows: SQL): TileLayerQuery => ({ name, rows, space: 'mercator' })
  return [
    layer(
      BasemapLayer.land,
      basemapFeatures('land', 'Polygon', address, sql`jsonb_build_object('name', b.name)`),
    ),
    layer(
      BasemapLayer.county,
      basemapFeatures('county', 'Polygon', address, sql`jsonb_build_object('name', b.name)`),
    ),
    layer(
      BasemapLayer.water,
      basemapFeatures('water', 'Polygon', address, sql`jsonb_build_object('name', b.name, 'kind', b.kind)`),
    ),
    layer(
      BasemapLayer.waterway,
      basemapFeatures(
        'waterway',
        'LineString',
        address,
        sql`jsonb_build_object('name', b.name, 'kind', b.kind)`,
        sql`AND b.rank <= ${waterwayRankAt(z)}::int`,
      ),
    ),
    layer(
      BasemapLayer.roads,
      transportLinks(
        'road',
        address,
        sql`jsonb_build_object('roadClass', coalesce(t.road_class, 'local'), 'name', t.name, 'ref', t.ref)`,
        roadFilter,
      ),
    ),
    layer(BasemapLayer.railway, transportLinks('railway', address, sql`jsonb_build_object('name', t.name)`)),
    layer(BasemapLayer.places, placesQuery(address)),
  ]
}
