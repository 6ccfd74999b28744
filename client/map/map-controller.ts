/**
 * The map: a plain object that owns MapLibre. React mounts it once and talks to it through this
 * small API (show a layer, set its opacity, fly somewhere, highlight a feature) and listens to its
 * events (a feature was clicked, the view moved, the cursor moved, a tile failed).
 */

import type { Feature, Geometry } from 'geojson'
import maplibregl, {
  type LayerSpecification,
  type MapGeoJSONFeature,
  type Map as MapLibreMap,
  type MapMouseEvent,
  type StyleSpecification,
} from 'maplibre-gl'
import type { BBox } from '../../common/geo.ts'
import { isLayerId, type LayerId, type LayerInfo } from '../../common/layers.ts'
import { api, type MunicipalityConfig, reportSessionEnded } from '../api/api-client.ts'
import type { Language } from '../i18n/dictionary.ts'
import { labelPoints } from '../layers/label-points.ts'
import { hasLabelPoints, overlayStyle } from '../layers/layer-styles.ts'
import { highlightColour } from '../layers/palette.ts'
import { type ClassLimits, labelSourceId } from '../layers/styles/style-kit.ts'
import {
  basemapAttribution,
  buildStyle,
  emptyGeoJSON,
  mapControlWords,
  overlayLayers,
  overlaySource,
  withVisibility,
} from './basemap-style.ts'
import { addMapImages, type MapImages } from './icons.ts'
import type { MapView } from './url-state.ts'

export interface FeatureHit {
  layerId: string
  featureId: string
  properties: Record<string, unknown>
  lngLat: [number, number]
}

export interface MapEvents {
  featureclick: FeatureHit
  /** An aggregated cell was clicked; the map zooms in by itself. */
  aggregateclick: { count: number }
  pointer: { lon: number; lat: number } | null
  view: MapView
  sourceerror: { sourceId: string; message: string }
  basemaperror: { message: string }
  ready: undefined
}

type Listener<T> = (payload: T) => void

export interface MapControllerOptions {
  container: HTMLElement
  config: MunicipalityConfig
  layers: readonly LayerInfo[]
  visible: ReadonlySet<string>
  opacity?: ReadonlyMap<string, number>
  view?: MapView
  images: MapImages
  /** Where the API and tiles are served; the page's own origin by default. */
  origin?: string
  /** The reader's language, for the attribution; `setLanguage` follows later changes. */
  lang?: Language
}

const SELECTION_SOURCE = 'selection'
const SWEDEN: BBox = [10.9, 55.3, 24.2, 69.1]

const opacityProperties = [
  'fill-opacity',
  'line-opacity',
  'circle-opacity',
  'circle-stroke-opacity',
  'icon-opacity',
  'text-opacity',
] as const

declare global {
  interface Window {
    /** Test hook for the browser tests: the live map and its controller. */
    __lagesbild?: { map: MapLibreMap; controller: MapController }
  }
}

export class MapController {
  readonly map: MapLibreMap
  private readonly listeners = new Map<keyof MapEvents, Set<Listener<never>>>()
  private readonly layers: readonly LayerInfo[]
  private readonly visible: Set<string>
  private readonly opacity = new Map<LayerId, number>()
  private readonly classLimits: Partial<Record<LayerId, ClassLimits>> = {}
  private readonly images: MapImages
  private readonly origin: string
  private readonly config: MunicipalityConfig
  private readonly resizeObserver: ResizeObserver | undefined
  private usingExternalBasemap: boolean
  private attribution: maplibregl.AttributionControl | null = null
  private navigation: maplibregl.NavigationControl | null = null
  private lang: Language = 'sv'
  private selection: Feature<Geometry> | null = null
  private reportedSources = new Set<string>()
  private destroyed = false
  /** Label points per area layer, fetched once when the layer is first shown. */
  private readonly labelData = new Map<string, Promise<GeoJSON.FeatureCollection | null>>()
  private loaded = false
  /** A drawing tool owns the pointer: catalogue features neither set the cursor nor open on click. */
  private pointerHeld = false

  constructor(options: MapControllerOptions) {
    this.layers = options.layers
    this.visible = new Set(options.visible)
    for (const [id, value] of options.opacity ?? []) if (isLayerId(id)) this.opacity.set(id, value)
    this.images = options.images
    this.origin = options.origin ?? window.location.origin
    this.config = options.config
    this.usingExternalBasemap = !!options.config.basemapStyleUrl

    const bbox = options.config.bbox ?? SWEDEN
    const view = options.view
    this.map = new maplibregl.Map({
      container: options.container,
      style: options.config.basemapStyleUrl ?? this.builtInStyle(),
      ...(view
        ? {
            center: [view.lon, view.lat],
            zoom: view.zoom,
            bearing: view.bearing ?? 0,
            pitch: view.pitch ?? 0,
          }
        : { bounds: bbox, fitBoundsOptions: { padding: 48 } }),
      maxZoom: 19,
      hash: false,
      // Note: the built-in basemap's attribution is a control of its own, so it can follow the language.
      attributionControl: this.usingExternalBasemap ? { compact: true } : false,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      dragRotate: true,
      cooperativeGestures: false,
    })
    this.setLanguage(options.lang ?? 'sv')
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left')

    // Note: icons must be available when the first tiles are laid out; adding them on demand here
    // keeps symbols from being dropped if a tile arrives before `style.load` has run.
    this.map.on('styleimagemissing', (e) => addMapImages(this.map, this.images, e.id))
    this.map.on('style.load', () => this.onStyleLoad())
    this.map.on('load', () => {
      this.loaded = true
      this.emit('ready', undefined)
      // The first fit to the municipality moves without a `moveend`; report the view once here.
      this.emit('view', this.view())
    })
    this.map.on('error', (e) => this.onError(e))
    this.map.on('click', (e) => this.onClick(e))
    this.map.on('mousemove', (e) => this.onPointerMove(e))
    this.map.on('mouseout', () => this.emit('pointer', null))
    this.map.on('moveend', () => this.emit('view', this.view()))

    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.map.resize())
      this.resizeObserver.observe(options.container)
    }
    window.__lagesbild = { map: this.map, controller: this }
  }

  on<K extends keyof MapEvents>(event: K, listener: Listener<MapEvents[K]>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  private emit<K extends keyof MapEvents>(event: K, payload: MapEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<MapEvents[K]>)(payload)
  }

  /** For drawing tools (the crisis map): while held, the pointer draws instead of picking features. */
  holdPointer(held: boolean): void {
    this.pointerHeld = held
  }

  get isLoaded(): boolean {
    return this.loaded
  }

  view(): MapView {
    const c = this.map.getCenter()
    const view: MapView = { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng }
    const bearing = this.map.getBearing()
    const pitch = this.map.getPitch()
    if (bearing) view.bearing = bearing
    if (pitch) view.pitch = pitch
    return view
  }

  setLayerVisible(layerId: string, visible: boolean): void {
    if (visible) this.visible.add(layerId)
    else this.visible.delete(layerId)
    for (const layer of this.styleLayersOf(layerId)) {
      this.map.setLayoutProperty(layer.id, 'visibility', visible ? 'visible' : 'none')
    }
    if (visible) this.loadLabels(layerId)
  }

  /** Fills an area layer's label source from the features API (a few dozen areas, fetched once). */
  private loadLabels(layerId: string): void {
    if (!isLayerId(layerId) || !hasLabelPoints(layerId)) return
    let data = this.labelData.get(layerId)
    if (!data) {
      data = api
        .features(layerId, { limit: '5000' })
        .then((collection) => labelPoints(collection) as GeoJSON.FeatureCollection)
        .catch(() => {
          // Without label points the areas still draw, unnamed; retry on the next switch-on.
          this.labelData.delete(layerId)
          return null
        })
      this.labelData.set(layerId, data)
    }
    void data.then((collection) => {
      // Note: the user may have left the map while the labels loaded; a removed map has no style.
      if (this.destroyed) return
      const source = this.map.getSource(labelSourceId(layerId))
      if (collection && source?.type === 'geojson') (source as maplibregl.GeoJSONSource).setData(collection)
    })
  }

  /** Opacity 0..1 of a whole catalogue layer, applied to each of its style layers' own opacity. */
  setOpacity(layerId: LayerId, opacity: number): void {
    this.opacity.set(layerId, opacity)
    this.applyOpacity(layerId)
  }

  /** Class limits of a choropleth, computed from the data by the caller. */
  setClassLimits(layerId: LayerId, limits: ClassLimits): void {
    this.classLimits[layerId] = limits
    const fill = overlayStyle({ id: layerId }, limits).layers.find((l) => l.id === `${layerId}:fill`)
    if (fill?.type === 'fill' && this.map.getLayer(fill.id) && fill.paint?.['fill-color'] !== undefined) {
      this.map.setPaintProperty(fill.id, 'fill-color', fill.paint['fill-color'])
    }
  }

  /** The part of the world in view, west, south, east, north. */
  visibleBBox(): BBox {
    const bounds = this.map.getBounds()
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
  }

  fitMunicipality(): void {
    this.fitBounds(this.config.bbox ?? SWEDEN)
  }

  fitBounds(bbox: BBox, maxZoom = 16): void {
    const [minLon, minLat, maxLon, maxLat] = bbox
    if (maxLon - minLon < 1e-6 && maxLat - minLat < 1e-6) {
      this.map.flyTo({ center: [minLon, minLat], zoom: Math.max(this.map.getZoom(), 15), essential: true })
      return
    }
    this.map.fitBounds(
      [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
      { padding: 64, maxZoom, essential: true, duration: 900 },
    )
  }

  /** Outlines one feature (or nothing) above everything else. */
  highlight(feature: Feature<Geometry> | null): void {
    this.selection = feature
    const source = this.map.getSource(SELECTION_SOURCE)
    if (source && source.type === 'geojson') {
      ;(source as maplibregl.GeoJSONSource).setData({
        type: 'FeatureCollection',
        features: feature ? [feature] : [],
      })
    }
  }

  /** Rendered features of a catalogue layer (for tests and summaries). */
  renderedFeatures(layerId: string): MapGeoJSONFeature[] {
    const ids = this.styleLayersOf(layerId).map((l) => l.id)
    return ids.length ? this.map.queryRenderedFeatures({ layers: ids }) : []
  }

  /**
   * Writes the map's own controls and the built-in basemap's attribution in the reader's language
   * (an external style keeps its own attribution).
   *
   * Note: MapLibre reads its UI strings when a control is added and has no call to change them, so
   * the controls are added again after the map's string table is patched.
   */
  setLanguage(lang: Language): void {
    this.lang = lang
    this.map._locale = { ...this.map._locale, ...mapControlWords[lang] }
    if (this.navigation) this.map.removeControl(this.navigation)
    this.navigation = new maplibregl.NavigationControl({ visualizePitch: false })
    this.map.addControl(this.navigation, 'top-right')
    if (this.usingExternalBasemap) return
    if (this.attribution) this.map.removeControl(this.attribution)
    this.attribution = new maplibregl.AttributionControl({
      compact: true,
      customAttribution: basemapAttribution[lang],
    })
    this.map.addControl(this.attribution, 'bottom-right')
  }

  destroy(): void {
    this.destroyed = true
    this.resizeObserver?.disconnect()
    this.listeners.clear()
    if (window.__lagesbild?.controller === this) window.__lagesbild = undefined
    this.map.remove()
  }

  private builtInStyle(): StyleSpecification {
    return buildStyle({
      origin: this.origin,
      selected: { kommun: this.config.kommun, name: this.config.name },
      layers: this.layers,
      bbox: this.config.bbox,
      classLimits: this.classLimits,
      visible: this.visible,
    })
  }

  private styleLayersOf(layerId: string) {
    const labels = labelSourceId(layerId)
    return (this.map.getStyle()?.layers ?? []).filter(
      (l) => 'source' in l && (l.source === layerId || l.source === labels),
    )
  }

  private onStyleLoad(): void {
    addMapImages(this.map, this.images)
    if (this.usingExternalBasemap) this.addOverlaysToExternalStyle()
    this.addSelectionLayers()
    for (const layer of this.layers) if (this.opacity.has(layer.id)) this.applyOpacity(layer.id)
    if (this.selection) this.highlight(this.selection)
    for (const layerId of this.visible) this.loadLabels(layerId)
  }

  /** With a BASEMAP_STYLE_URL the overlays go on top of someone else's style. */
  private addOverlaysToExternalStyle(): void {
    const style = this.map.getStyle()
    const firstSymbol = style.layers.find((l) => l.type === 'symbol')?.id
    for (const layer of this.layers) {
      if (!this.map.getSource(layer.id))
        this.map.addSource(layer.id, overlaySource(this.origin, layer.id, this.config.bbox))
      const labels = labelSourceId(layer.id)
      if (hasLabelPoints(layer.id) && !this.map.getSource(labels)) this.map.addSource(labels, emptyGeoJSON())
    }
    const { underLabels, top } = overlayLayers(this.layers, this.classLimits, this.visible)
    for (const spec of underLabels) if (!this.map.getLayer(spec.id)) this.map.addLayer(spec, firstSymbol)
    for (const spec of top) if (!this.map.getLayer(spec.id)) this.map.addLayer(spec)
  }

  private addSelectionLayers(): void {
    if (this.map.getSource(SELECTION_SOURCE)) return
    this.map.addSource(SELECTION_SOURCE, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    })
    const layers: LayerSpecification[] = [
      {
        id: 'selection:fill',
        type: 'fill',
        source: SELECTION_SOURCE,
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': highlightColour, 'fill-opacity': 0.12 },
      },
      {
        id: 'selection:halo',
        type: 'line',
        source: SELECTION_SOURCE,
        filter: ['!=', ['geometry-type'], 'Point'],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 8, 'line-opacity': 0.9 },
      },
      {
        id: 'selection:line',
        type: 'line',
        source: SELECTION_SOURCE,
        filter: ['!=', ['geometry-type'], 'Point'],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': highlightColour, 'line-width': 4 },
      },
      {
        id: 'selection:point',
        type: 'circle',
        source: SELECTION_SOURCE,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 19,
          'circle-color': 'rgba(0, 166, 214, 0.12)',
          'circle-stroke-color': highlightColour,
          'circle-stroke-width': 3.5,
        },
      },
    ]
    for (const spec of layers) this.map.addLayer(spec)
  }

  private applyOpacity(layerId: LayerId): void {
    const factor = this.opacity.get(layerId) ?? 1
    for (const spec of overlayStyle({ id: layerId }, this.classLimits[layerId]).layers) {
      if (!this.map.getLayer(spec.id) || !('paint' in spec) || !spec.paint) continue
      const paint = spec.paint as Record<string, unknown>
      for (const property of opacityProperties) {
        const base = paint[property]
        if (typeof base === 'number') this.map.setPaintProperty(spec.id, property, base * factor)
      }
    }
  }

  private interactiveLayerIds(): string[] {
    return this.layers
      .filter((l) => this.visible.has(l.id))
      .flatMap((l) => overlayStyle(l).interactive)
      .filter((id) => this.map.getLayer(id))
  }

  private featuresAt(e: MapMouseEvent): MapGeoJSONFeature[] {
    const layers = this.interactiveLayerIds()
    if (!layers.length) return []
    const { x, y } = e.point
    const pad = 6
    return this.map.queryRenderedFeatures(
      [
        [x - pad, y - pad],
        [x + pad, y + pad],
      ],
      { layers },
    )
  }

  private onClick(e: MapMouseEvent): void {
    if (this.pointerHeld) return
    const [hit] = this.featuresAt(e)
    if (!hit) return
    const properties = hit.properties as Record<string, unknown>
    const info = this.layers.find((l) => l.id === hit.source)
    if (typeof properties.count === 'number' && info?.aggregateBelowZoom !== undefined) {
      // An aggregated cell stands for many incidents: zoom towards them instead of opening one.
      const zoom = this.map.getZoom()
      const target = zoom >= info.aggregateBelowZoom - 2.5 ? info.aggregateBelowZoom + 0.5 : zoom + 2
      this.map.easeTo({ center: e.lngLat, zoom: target, duration: 700, essential: true })
      this.emit('aggregateclick', { count: properties.count })
      return
    }
    const featureId = properties.id ?? hit.id
    if (featureId === undefined || featureId === null) return
    this.emit('featureclick', {
      layerId: hit.source,
      featureId: String(featureId),
      properties,
      lngLat: [e.lngLat.lng, e.lngLat.lat],
    })
  }

  private onPointerMove(e: MapMouseEvent): void {
    this.emit('pointer', { lon: e.lngLat.lng, lat: e.lngLat.lat })
    if (this.pointerHeld) return
    this.map.getCanvas().style.cursor = this.featuresAt(e).length ? 'pointer' : ''
  }

  private onError(e: { error?: Error & { status?: number }; sourceId?: string }): void {
    const message = e.error?.message ?? 'unknown error'
    if (e.error?.status === 401) {
      // A tile refused for want of a session: the session has ended, not the layer.
      reportSessionEnded()
      return
    }
    if (e.sourceId) {
      // One message per source is enough; a failing layer fails on every tile.
      if (this.reportedSources.has(e.sourceId)) return
      this.reportedSources.add(e.sourceId)
      this.emit('sourceerror', { sourceId: e.sourceId, message })
      return
    }
    if (this.usingExternalBasemap && !this.map.isStyleLoaded()) {
      this.usingExternalBasemap = false
      this.map.setStyle(this.builtInStyle())
      this.setLanguage(this.lang)
      this.emit('basemaperror', { message })
      return
    }
    console.warn('[map]', message)
  }

  /** Re-applies visibility after a style switch (external basemap fell back to the built-in one). */
  refreshVisibility(): void {
    for (const layer of this.layers) {
      for (const spec of this.styleLayersOf(layer.id)) {
        const wanted = withVisibility(spec as LayerSpecification, this.visible.has(layer.id))
        if (wanted.type !== 'background' && wanted.layout?.visibility) {
          this.map.setLayoutProperty(spec.id, 'visibility', wanted.layout.visibility)
        }
      }
    }
  }
}
