/**
 * The report's situation map (*lägeskarta*): the annotations drawn read-only in their colours, each
 * with a numbered badge that the report's legend repeats. A plain object over the MapLibre map.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { keepInstalled } from '../map/keep-installed.ts'
import type { NumberedAnnotation } from './report-model.ts'
import { reportFeatures } from './report-model.ts'

const SHAPES = 'crisis-report-shapes'
const BADGES = 'crisis-report-badges'

export class ReportMap {
  private readonly map: MapLibreMap
  private numbered: readonly NumberedAnnotation[] = []
  private readonly stopInstalling: () => void

  constructor(map: MapLibreMap) {
    this.map = map
    this.stopInstalling = keepInstalled(map, () => this.install())
  }

  private install(): void {
    const map = this.map
    const { shapes, badges } = reportFeatures(this.numbered)
    if (!map.getSource(SHAPES)) map.addSource(SHAPES, { type: 'geojson', data: shapes })
    if (!map.getSource(BADGES)) map.addSource(BADGES, { type: 'geojson', data: badges })
    const add = (spec: Parameters<MapLibreMap['addLayer']>[0]) => {
      if (!map.getLayer(spec.id)) map.addLayer(spec)
    }
    add({
      id: `${SHAPES}:fill`,
      type: 'fill',
      source: SHAPES,
      filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': ['get', 'fillOpacity'] },
    })
    add({
      id: `${SHAPES}:line`,
      type: 'line',
      source: SHAPES,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': ['get', 'width'] },
    })
    add({
      id: `${BADGES}:circle`,
      type: 'circle',
      source: BADGES,
      paint: {
        'circle-radius': 11,
        'circle-color': ['get', 'colour'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    })
    add({
      id: `${BADGES}:number`,
      type: 'symbol',
      source: BADGES,
      layout: {
        'text-field': ['to-string', ['get', 'number']],
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    })
  }

  set(numbered: readonly NumberedAnnotation[]): void {
    this.numbered = numbered
    const { shapes, badges } = reportFeatures(numbered)
    ;(this.map.getSource(SHAPES) as GeoJSONSource | undefined)?.setData(shapes)
    ;(this.map.getSource(BADGES) as GeoJSONSource | undefined)?.setData(badges)
  }

  destroy(): void {
    this.stopInstalling()
    for (const id of [`${BADGES}:number`, `${BADGES}:circle`, `${SHAPES}:line`, `${SHAPES}:fill`])
      if (this.map.getLayer(id)) this.map.removeLayer(id)
    for (const id of [BADGES, SHAPES]) if (this.map.getSource(id)) this.map.removeSource(id)
  }
}
