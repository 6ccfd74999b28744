/**
 * Renders Mapbox Vector Tiles for the catalogue layers and the basemap, on either database: the
 * layer and basemap modules say what goes into a tile, the backend modules encode it.
 */
import type { TileAddress } from '../../common/geo.ts'
import type { Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import type { LayerFilters, LayerSource } from '../layers/sources.ts'
import { basemapTileQueries } from './basemap.ts'
import { layerTileQuery } from './layer-tile.ts'
import { renderWithPglite } from './mvt-pglite.ts'
import { renderWithPostgis } from './mvt-postgis.ts'
import type { TileLayerQuery } from './tile-query.ts'

/** The tile path segment of the app's own basemap, beside the catalogue layer ids. */
export const BASEMAP_LAYER_ID = 'basemap'

function renderTile(
  db: Database,
  address: TileAddress,
  layers: readonly TileLayerQuery[],
): Promise<Uint8Array> {
  return db.kind === 'postgres'
    ? renderWithPostgis(db, address, layers)
    : renderWithPglite(db, address, layers)
}

/**
 * One MVT layer named after the catalogue layer, holding the features the caller is cleared for
 * and that pass the filters. Point layers with `aggregateBelowZoom` hold counted cells below it,
 * and above it where a tile would hold too many points (see `isAggregatedTile`). A tile with
 * nothing in it is zero bytes.
 */
export async function renderLayerTile(
  db: Database,
  source: LayerSource,
  address: TileAddress,
  filters: LayerFilters,
  access: Access,
): Promise<Uint8Array> {
  return renderTile(db, address, [await layerTileQuery(db, source, address, filters, access)])
}

/** The basemap from the app's own data: land, counties, water, roads, railway and place names. */
export function renderBasemapTile(db: Database, address: TileAddress): Promise<Uint8Array> {
  return renderTile(db, address, basemapTileQueries(address))
}
