/**
 * What a layer export asks the server for: the format, the part of the map in view, and the
 * filters the layer understands. The server stamps the file with its classification, who took it
 * out and when; the client shows that marking before the download.
 */
import { type Classification, classificationMarking } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import type { LayerInfo } from '../../common/layers.ts'

export const exportFormats = ['geojson', 'csv'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const exportFormatLabels: Record<ExportFormat, string> = { geojson: 'GeoJSON', csv: 'CSV' }

/** Filters chosen in the interface; sent only to layers that declare them. */
export interface ExportFilters {
  category?: string
  /** ISO 8601 dates or date-times. */
  from?: string
  to?: string
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))
/** Six decimals are about 0.1 m: finer is noise, and it keeps the address short. */
const fixed = (value: number) => Number(value.toFixed(6)).toString()

/** The map view as the `bbox` parameter, clamped to valid WGS 84 (a zoomed-out map can exceed it). */
export function bboxParam([minLon, minLat, maxLon, maxLat]: BBox): string {
  return [clamp(minLon, -180, 180), clamp(minLat, -90, 90), clamp(maxLon, -180, 180), clamp(maxLat, -90, 90)]
    .map(fixed)
    .join(',')
}

export function exportParams(
  layer: Pick<LayerInfo, 'filters'>,
  format: ExportFormat,
  bbox: BBox | null,
  filters: ExportFilters = {},
  lang: 'sv' | 'en' = 'sv',
): Record<string, string | undefined> {
  const byCategory = layer.filters.includes('category')
  const byTime = layer.filters.includes('time')
  return {
    format,
    bbox: bbox ? bboxParam(bbox) : undefined,
    category: byCategory ? filters.category : undefined,
    from: byTime ? filters.from : undefined,
    to: byTime ? filters.to : undefined,
    // The marking's words follow the reader's language; the classification itself does not change.
    lang,
  }
}

/** The name to save under when the server names none: `incidents.geojson`, `actors.csv`. */
export const exportFileName = (layerId: string, format: ExportFormat) => `${layerId}.${format}`

/** The stamp the export will carry, as the server writes it in the reader's language: INTERN, INTERNAL. */
export const exportStamp = (classification: Classification, lang: 'sv' | 'en') =>
  classificationMarking(classification, lang)
