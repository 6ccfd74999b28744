/**
 * How annotations look on the map: the GeoJSON the annotation layers read (one feature per
 * annotation with its resolved colour, width, icon and label; label points for areas) and the
 * MapLibre layers that draw them. Pure, so the rules are tested without a map.
 *
 * Colour: `annotationColour` (common/crisis-report.ts), a point's symbol's, else the annotation's own. Points are a
 * coloured badge with the symbol's white icon and the label under it; lines and areas take the
 * colour for stroke and (faint) fill with a white casing for contrast on any basemap; text labels
 * are the text itself, in the colour, with a white halo. A change not yet confirmed by the room is
 * drawn paler, so the author sees what is still on its way.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import type { AnnotationDiff, AnnotationProperties, AnnotationRecord } from '../../common/crisis.ts'
import { annotationColour, FALLBACK_ANNOTATION_COLOUR } from '../../common/crisis-report.ts'
import { mapFonts } from '../map/fonts.ts'
import { labelPosition } from './annotation-geometry.ts'
import { symbolIcon } from './crisis-symbols.ts'

/** Not `crisis-annotations`: that is the catalogue's tiled layer of the same annotations. */
export const ANNOTATION_SOURCE = 'crisis-live-annotations'
export const ANNOTATION_LABEL_SOURCE = 'crisis-live-annotation-labels'
export const HIGHLIGHT_SOURCE = 'crisis-highlight'

/** What the toolbar sets for new annotations and the style editor for selected ones. */
export interface AnnotationStyle {
  color: string
  width: number
  fillOpacity: number
  fontSize: number
}

export const defaultStyle: AnnotationStyle = {
  color: FALLBACK_ANNOTATION_COLOUR,
  width: 3,
  fillOpacity: 0.18,
  fontSize: 16,
}

/** The colours the toolbar offers: distinct on the light basemap and for common colour blindness. */
export const annotationPalette = [
  FALLBACK_ANNOTATION_COLOUR,
  '#e03131',
  '#f08c00',
  '#2b8a3e',
  '#d6336c',
  '#6741d9',
  '#212529',
] as const

/** The properties a new annotation of this style takes (only what differs from the defaults). */
export function styleProperties(
  style: Partial<AnnotationStyle>,
  kind: AnnotationRecord['kind'],
): AnnotationProperties {
  const properties: AnnotationProperties = {}
  // Note: a point's colour is its symbol's (annotationColour), so the pen's colour is not stored on it.
  if (style.color && kind !== 'point') properties.color = style.color
  if (kind === 'line' || kind === 'polygon' || kind === 'circle') {
    if (style.width !== undefined && style.width !== defaultStyle.width) properties.width = style.width
  }
  if ((kind === 'polygon' || kind === 'circle') && style.fillOpacity !== undefined) {
    if (style.fillOpacity !== defaultStyle.fillOpacity) properties.fillOpacity = style.fillOpacity
  }
  if (kind === 'text' && style.fontSize !== undefined && style.fontSize !== defaultStyle.fontSize)
    properties.fontSize = style.fontSize
  return properties
}

export interface AnnotationFeatureOptions {
  /** Ids with a change not yet confirmed by the room. */
  pending?: ReadonlySet<string>
  /** Shapes being dragged in the editor, shown where the pointer has them. */
  provisional?: ReadonlyMap<string, Geometry>
  /** The selected annotations. */
  selected?: ReadonlySet<string>
}

export interface AnnotationFeatureProperties {
  id: string
  kind: AnnotationRecord['kind']
  colour: string
  width: number
  fillOpacity: number
  icon: string
  label: string
  text: string
  fontSize: number
  /** 0.55 for pending, 1 for confirmed; multiplies every opacity. */
  opacity: number
  selected: boolean
}

/** One feature per annotation for the shapes source, one label point per labelled area. */
export function annotationFeatures(
  records: Iterable<AnnotationRecord>,
  options: AnnotationFeatureOptions = {},
): { shapes: FeatureCollection<Geometry, AnnotationFeatureProperties>; labels: FeatureCollection } {
  const shapes: Feature<Geometry, AnnotationFeatureProperties>[] = []
  const labels: Feature[] = []
  for (const record of records) {
    if (record.deleted) continue
    const p = record.properties
    const geometry = options.provisional?.get(record.id) ?? record.geometry
    const properties: AnnotationFeatureProperties = {
      id: record.id,
      kind: record.kind,
      colour: annotationColour(record.kind, p),
      width: p.width ?? defaultStyle.width,
      fillOpacity: p.fillOpacity ?? defaultStyle.fillOpacity,
      icon: `icon-${symbolIcon(p.symbol)}`,
      label: p.label ?? '',
      text: p.text ?? p.label ?? '',
      fontSize: p.fontSize ?? defaultStyle.fontSize,
      opacity: options.pending?.has(record.id) ? 0.55 : 1,
      selected: options.selected?.has(record.id) ?? false,
    }
    shapes.push({ type: 'Feature', id: record.id, geometry, properties })
    if ((record.kind === 'polygon' || record.kind === 'circle') && p.label) {
      const at = labelPosition({ geometry, properties: p })
      if (at)
        labels.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: at },
          properties: {
            id: record.id,
            label: p.label,
            colour: properties.colour,
            opacity: properties.opacity,
          },
        })
    }
  }
  return {
    shapes: { type: 'FeatureCollection', features: shapes },
    labels: { type: 'FeatureCollection', features: labels },
  }
}

export type HighlightKind = 'added' | 'changed' | 'removed'
export const highlightColours: Record<HighlightKind, string> = {
  added: '#2f9e44',
  changed: '#f59f00',
  removed: '#e03131',
}

/** What changed, as halos: added and changed at their new shape, removed at their old one. */
export function highlightFeatures(diff: AnnotationDiff | null): FeatureCollection {
  if (!diff) return { type: 'FeatureCollection', features: [] }
  const item = (record: AnnotationRecord, kind: HighlightKind): Feature => ({
    type: 'Feature',
    geometry: record.geometry,
    properties: { id: record.id, kind, colour: highlightColours[kind] },
  })
  return {
    type: 'FeatureCollection',
    features: [
      ...diff.removed.map((r) => item(r, 'removed')),
      ...diff.changed.map((c) => item(c.after, 'changed')),
      ...diff.added.map((r) => item(r, 'added')),
    ],
  }
}

const isArea = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]] as const
const isLineOrArea = [
  'in',
  ['geometry-type'],
  ['literal', ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']],
] as const
const opacity = (base: number) => ['*', base, ['get', 'opacity']] as const

/** The ids of the layers that can be hovered and clicked. */
export const interactiveAnnotationLayers = [
  'crisis-ann:fill',
  'crisis-ann:line',
  'crisis-ann:badge',
  'crisis-ann:text',
] as const

/**
 * The lowest layer of annotation labels: others' cursors go beneath it, so a name never hides what
 * was written on the map.
 */
export const FIRST_ANNOTATION_LABEL_LAYER = 'crisis-ann:line-label'

/**
 * The annotation layers, bottom to top. MapLibre places labels from the top layer down, so the
 * order is the priority when labels compete for room: text the staff wrote, then the symbols and
 * their names, then area names, then line names. Text always shows where it was put and the labels
 * placed after it move round it (other anchors) or give way; none is drawn on top of another.
 */
export function annotationLayers(): LayerSpecification[] {
  return [
    {
      id: 'crisis-highlight:area',
      type: 'fill',
      source: HIGHLIGHT_SOURCE,
      filter: isArea as never,
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.12 },
    },
    {
      id: 'crisis-highlight:halo',
      type: 'line',
      source: HIGHLIGHT_SOURCE,
      filter: isLineOrArea as never,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': 12, 'line-opacity': 0.45, 'line-blur': 2 },
    },
    {
      id: 'crisis-highlight:removed',
      type: 'line',
      source: HIGHLIGHT_SOURCE,
      filter: ['all', isLineOrArea, ['==', ['get', 'kind'], 'removed']] as never,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': 2.5, 'line-dasharray': [2, 2] },
    },
    {
      id: 'crisis-highlight:point',
      type: 'circle',
      source: HIGHLIGHT_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 22,
        'circle-color': ['get', 'colour'],
        'circle-opacity': 0.25,
        'circle-stroke-color': ['get', 'colour'],
        'circle-stroke-width': 3,
      },
    },
    {
      id: 'crisis-ann:fill',
      type: 'fill',
      source: ANNOTATION_SOURCE,
      filter: isArea as never,
      paint: {
        'fill-color': ['get', 'colour'],
        'fill-opacity': ['*', ['get', 'fillOpacity'], ['get', 'opacity']],
      },
    },
    {
      id: 'crisis-ann:casing',
      type: 'line',
      source: ANNOTATION_SOURCE,
      filter: isLineOrArea as never,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': '#ffffff',
        'line-width': ['+', ['get', 'width'], ['case', ['get', 'selected'], 7, 3]],
        'line-opacity': opacity(0.9) as never,
      },
    },
    {
      id: 'crisis-ann:line',
      type: 'line',
      source: ANNOTATION_SOURCE,
      filter: isLineOrArea as never,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['get', 'colour'],
        'line-width': ['get', 'width'],
        'line-opacity': opacity(1) as never,
      },
    },
    {
      id: 'crisis-ann:line-label',
      type: 'symbol',
      source: ANNOTATION_SOURCE,
      filter: ['all', ['==', ['geometry-type'], 'LineString'], ['!=', ['get', 'label'], '']],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'label'],
        'text-font': [...mapFonts.semibold],
        'text-size': 13,
        'text-offset': [0, -1],
        'text-max-angle': 30,
      },
      paint: {
        'text-color': ['get', 'colour'],
        'text-halo-color': '#ffffff',
        'text-halo-width': 2,
        'text-opacity': ['get', 'opacity'],
      },
    },
    {
      id: 'crisis-ann:area-label',
      type: 'symbol',
      source: ANNOTATION_LABEL_SOURCE,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': [...mapFonts.bold],
        'text-size': 14,
        'text-max-width': 12,
        // Note: a symbol or a text often stands at an area's centre; the name moves aside rather than hide.
        'text-variable-anchor': [
          'center',
          'top',
          'bottom',
          'left',
          'right',
          'top-left',
          'top-right',
          'bottom-left',
          'bottom-right',
        ],
        'text-radial-offset': 2.2,
        'text-padding': 4,
      },
      paint: {
        'text-color': ['get', 'colour'],
        'text-halo-color': '#ffffff',
        'text-halo-width': 2,
        'text-opacity': ['get', 'opacity'],
      },
    },
    {
      id: 'crisis-ann:badge',
      type: 'circle',
      source: ANNOTATION_SOURCE,
      filter: ['all', ['==', ['geometry-type'], 'Point'], ['==', ['get', 'kind'], 'point']],
      paint: {
        'circle-radius': ['case', ['get', 'selected'], 16, 13],
        'circle-color': ['get', 'colour'],
        'circle-opacity': ['get', 'opacity'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
        'circle-stroke-opacity': ['get', 'opacity'],
      },
    },
    {
      id: 'crisis-ann:icon',
      type: 'symbol',
      source: ANNOTATION_SOURCE,
      filter: ['all', ['==', ['geometry-type'], 'Point'], ['==', ['get', 'kind'], 'point']],
      layout: {
        'icon-image': ['get', 'icon'],
        'icon-size': 1,
        'icon-allow-overlap': true,
        'text-field': ['get', 'label'],
        'text-font': [...mapFonts.semibold],
        'text-size': 13,
        // Note: under the badge first; beside or above it when that place is taken.
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 1.25,
        'text-optional': true,
        'text-padding': 3,
        'text-max-width': 12,
      },
      paint: {
        'icon-opacity': ['get', 'opacity'],
        'text-color': '#1a1a1a',
        'text-halo-color': '#ffffff',
        'text-halo-width': 2,
        'text-opacity': ['get', 'opacity'],
      },
    },
    {
      id: 'crisis-ann:text',
      type: 'symbol',
      source: ANNOTATION_SOURCE,
      filter: ['==', ['get', 'kind'], 'text'],
      layout: {
        'text-field': ['get', 'text'],
        'text-font': [...mapFonts.bold],
        'text-size': ['get', 'fontSize'],
        'text-max-width': 14,
        // Note: drawn wherever it was put, and it keeps its room, so other labels make way for it.
        'text-allow-overlap': true,
        'text-padding': 4,
      },
      paint: {
        'text-color': ['get', 'colour'],
        'text-halo-color': '#ffffff',
        'text-halo-width': ['case', ['get', 'selected'], 4, 2.5],
        'text-opacity': ['get', 'opacity'],
      },
    },
  ]
}
