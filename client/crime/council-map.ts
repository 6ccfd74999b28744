/**
 * The council's analysis map: one deck.gl overlay (interleaved, under MapLibre's labels) on the
 * MapController's map, drawing areas coloured by the view that owns it: districts by count, hotspot
 * cells by confidence bin, districts by the bivariate class of insecurity and crime. A plain object;
 * React mounts it and hands it what to draw.
 *
 * ```ts
 * const councilMap = new CouncilMap(controller)
 * councilMap.showAreas({ id: 'hotspots', features, fill: (f) => binColour(f.properties.giStarBin), tooltip })
 * councilMap.clear()
 * councilMap.destroy()
 * ```
 */

import { GeoJsonLayer } from '@deck.gl/layers'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Feature, GeoJsonProperties, Geometry } from 'geojson'
import type { MapController } from '../map/map-controller.ts'

/** The hover card, in the app's own look (deck.gl sets it as inline style). */
const tooltipStyle: Partial<CSSStyleDeclaration> = {
  whiteSpace: 'pre-line',
  font: '13px/1.35 "Inter Variable", system-ui, sans-serif',
  background: '#ffffff',
  color: '#17202c',
  borderRadius: '4px',
  boxShadow: '0 1px 2px rgba(16, 40, 74, 0.08), 0 4px 16px rgba(16, 40, 74, 0.12)',
  padding: '6px 8px',
}

export type Rgba = [number, number, number, number]

export interface AreaLayer<P extends GeoJsonProperties> {
  /** Which view drew it; a new one with the same id replaces it. */
  id: string
  features: readonly Feature<Geometry, P>[]
  fill: (feature: Feature<Geometry, P>) => Rgba
  line?: Rgba
  /** Plain text shown on hover. */
  tooltip?: (feature: Feature<Geometry, P>) => string | null
}

/** `#rrggbb` with an alpha 0–255. */
export function rgba(hex: string, alpha = 255): Rgba {
  const n = Number.parseInt(hex.replace('#', ''), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha]
}

declare global {
  interface Window {
    /** Test hook for the browser tests: what the council map draws now. */
    __councilMap?: { layer: string | null; features: number }
  }
}

export class CouncilMap {
  private readonly overlay: MapboxOverlay
  private shown: AreaLayer<GeoJsonProperties> | null = null

  constructor(private readonly controller: MapController) {
    this.overlay = new MapboxOverlay({
      interleaved: true,
      layers: [],
      getTooltip: ({ object }) => {
        const text = object && this.shown?.tooltip?.(object as Feature<Geometry, GeoJsonProperties>)
        return text ? { text, style: tooltipStyle } : null
      },
    })
    controller.map.addControl(this.overlay)
    window.__councilMap = { layer: null, features: 0 }
  }

  showAreas<P extends GeoJsonProperties>(areas: AreaLayer<P>): void {
    this.shown = areas as unknown as AreaLayer<GeoJsonProperties>
    this.overlay.setProps({
      layers: [
        new GeoJsonLayer<P>({
          id: areas.id,
          data: areas.features as Feature<Geometry, P>[],
          filled: true,
          stroked: true,
          pickable: !!areas.tooltip,
          getFillColor: (f) => areas.fill(f as Feature<Geometry, P>),
          getLineColor: areas.line ?? [40, 50, 70, 160],
          lineWidthUnits: 'pixels',
          getLineWidth: 1,
          updateTriggers: { getFillColor: [areas.fill] },
          // Note: in interleaved mode the overlay reads `beforeId` (not in the layer's own type) to
          // draw under MapLibre's first symbol layer, so place names stay readable above the colours.
          ...({ beforeId: this.firstSymbolLayer() } as object),
        }),
      ],
    })
    window.__councilMap = { layer: areas.id, features: areas.features.length }
  }

  /** Zooms to the features' extent. */
  fitTo(features: readonly Feature[]): void {
    let [w, s, e, n] = [180, 90, -180, -90]
    const visit = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        w = Math.min(w, c[0] as number)
        e = Math.max(e, c[0] as number)
        s = Math.min(s, c[1] as number)
        n = Math.max(n, c[1] as number)
      } else if (Array.isArray(c)) for (const x of c) visit(x)
    }
    for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates)
    if (w < e) this.controller.fitBounds([w, s, e, n], 14)
  }

  clear(): void {
    this.shown = null
    this.overlay.setProps({ layers: [] })
    window.__councilMap = { layer: null, features: 0 }
  }

  destroy(): void {
    this.controller.map.removeControl(this.overlay)
    window.__councilMap = undefined
  }

  private firstSymbolLayer(): string | undefined {
    return this.controller.map.getStyle()?.layers?.find((l) => l.type === 'symbol')?.id
  }
}
