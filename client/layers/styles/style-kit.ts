/**
 * What every layer style is made of: the swatch and legend types, the MapLibre expressions the
 * styles share (zoom ramps, colour by category, class steps) and the symbols every point layer uses.
 * Each layer's own `{style, legend}` sits in its theme's file beside this one.
 */
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
} from 'maplibre-gl'
import type { Term } from '../../../common/domain.ts'
import type { LayerId } from '../../../common/layers.ts'
import { type RiskBand, riskBandLimits, riskBands } from '../../../common/risk.ts'
import { en, type MessageKey, sv } from '../../i18n/dictionary.ts'
import { mapFonts } from '../../map/fonts.ts'
import type { IconName } from '../../map/icons.ts'
import { riskColours } from '../palette.ts'

export type Swatch =
  | { kind: 'fill'; color: string; outline?: string; opacity?: number; hatch?: boolean; dashed?: boolean }
  | { kind: 'line'; color: string; width: number; dashed?: boolean; casing?: string }
  | {
      kind: 'badge'
      color: string
      icon?: IconName
      ring?: string
      text?: string
      textColor?: string
      size?: number
    }

export interface LegendEntry {
  label: Term
  swatch: Swatch
}

export interface Legend {
  entries: LegendEntry[]
  /** A heading above a ramp, e.g. what the choropleth measures. */
  title?: Term
  note?: Term
}

/** Where a layer goes in the stack: areas and lines under the basemap's place names, symbols on top. */
export type Placement = 'under-labels' | 'top'

export interface OverlayStyle {
  layers: LayerSpecification[]
  placement: Placement
  /** Ids of the layers a click or hover can pick a feature from. */
  interactive: string[]
  /** Ids of the layers drawn above other layers' symbols: numbers that must stay readable. */
  raised?: string[]
}

/** Class limits of a choropleth: ramp[i] colours values below limits[i]; the last colour the rest. */
export type ClassLimits = readonly number[]

/**
 * A message of the interface as a term, for legend labels that are not domain vocabulary, with its
 * `{name}` placeholders filled in.
 */
export function messageTerm(key: MessageKey, params: Record<string, number | Term> = {}): Term {
  const fill = (text: string, lang: 'sv' | 'en') =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name]
      if (value === undefined) return whole
      return typeof value === 'number' ? formatNumber(lang)(value) : value[lang]
    })
  return { sv: fill(sv[key], 'sv'), en: fill(en[key], 'en') }
}

export const zoomRamp = (...stops: [zoom: number, value: number][]): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification

export function matchColour(
  property: string,
  colours: Record<string, string>,
  fallback: string,
): ExpressionSpecification {
  return [
    'match',
    ['get', property],
    ...Object.entries(colours).flat(),
    fallback,
  ] as unknown as ExpressionSpecification
}

export function matchIcon(
  property: string,
  icons: Record<string, IconName>,
  fallback: IconName,
): ExpressionSpecification {
  const pairs = Object.entries(icons).flatMap(([value, icon]) => [value, `icon-${icon}`])
  return ['match', ['get', property], ...pairs, `icon-${fallback}`] as unknown as ExpressionSpecification
}

/** A step expression over the limits; limits that do not ascend are dropped (MapLibre requires it). */
export function stepColour(
  property: string,
  ramp: readonly string[],
  limits: ClassLimits,
): ExpressionSpecification {
  const stops: (string | number)[] = [ramp[0]]
  let last = Number.NEGATIVE_INFINITY
  limits.slice(0, ramp.length - 1).forEach((limit, i) => {
    if (!(limit > last)) return
    stops.push(limit, ramp[i + 1])
    last = limit
  })
  if (stops.length === 1) return ['literal', ramp[0]] as unknown as ExpressionSpecification
  return ['step', ['to-number', ['get', property]], ...stops] as unknown as ExpressionSpecification
}

/** The risk matrix colours as a step over the score, at the bands' limits (`common/risk.ts`). */
export function riskScoreColour(colours: Record<RiskBand, string> = riskColours): ExpressionSpecification {
  const [first, ...rest] = riskBands
  const stops: (string | number)[] = [colours[first]]
  for (const band of rest) stops.push(riskBandLimits[band].min, colours[band])
  return ['step', ['to-number', ['get', 'riskScore'], 0], ...stops] as unknown as ExpressionSpecification
}

export const halo = {
  'text-halo-color': 'rgba(255, 255, 255, 0.95)',
  'text-halo-width': 1.6,
  'text-halo-blur': 0.3,
} as const

export const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point']
export const isLine: ExpressionSpecification = ['==', ['geometry-type'], 'LineString']
export const isPolygon: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon']

/** The coloured circle under an icon: every point layer's symbol. */
export function badgeLayers(
  id: string,
  colour: DataDrivenPropertyValueSpecification<string>,
  icon: DataDrivenPropertyValueSpecification<string> | null,
  options: {
    minzoom?: number
    label?: ExpressionSpecification
    labelMinzoom?: number
    filter?: FilterSpecification
  } = {},
): LayerSpecification[] {
  const base = { source: id, 'source-layer': id, ...(options.filter ? { filter: options.filter } : {}) }
  const layers: LayerSpecification[] = [
    {
      ...base,
      id: `${id}:badge`,
      type: 'circle',
      paint: {
        'circle-color': colour,
        'circle-radius': zoomRamp([8, 4], [10, 6.5], [12, 9], [15, 12], [17, 13]),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': zoomRamp([8, 1], [12, 1.8]),
        'circle-opacity': 1,
        'circle-stroke-opacity': 1,
      },
    },
  ]
  if (icon) {
    layers.push({
      ...base,
      id: `${id}:icon`,
      type: 'symbol',
      minzoom: 10,
      layout: {
        'icon-image': icon,
        'icon-size': zoomRamp([10, 0.7], [14, 0.95], [17, 1.1]),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: { 'icon-opacity': 1 },
    })
  }
  if (options.label) {
    layers.push({
      ...base,
      id: `${id}:label`,
      type: 'symbol',
      minzoom: options.labelMinzoom ?? 13,
      layout: {
        'text-field': options.label,
        'text-font': [...mapFonts.semibold],
        'text-size': zoomRamp([13, 11.5], [17, 14]),
        'text-anchor': 'left',
        'text-offset': [1.3, 0],
        'text-max-width': 12,
        'text-optional': true,
      },
      paint: { 'text-color': '#1f2937', ...halo, 'text-opacity': 1 },
    })
  }
  return layers
}

/**
 * The GeoJSON source holding one label point per area of a layer. Labels placed from vector tiles
 * would repeat in every tile an area crosses; one point per area, computed from the whole polygon,
 * names each area once.
 */
export const labelSourceId = (layerId: string) => `${layerId}:label-points`

export function areaLabel(
  id: string,
  colour: string,
  field: ExpressionSpecification,
  minzoom: number,
): LayerSpecification {
  return {
    id: `${id}:label`,
    type: 'symbol',
    source: labelSourceId(id),
    minzoom,
    layout: {
      'text-field': field,
      'text-font': [...mapFonts.semibold],
      'text-size': zoomRamp([minzoom, 11.5], [15, 15]),
      'text-max-width': 9,
      'text-letter-spacing': 0.02,
      'symbol-placement': 'point',
      'text-padding': 4,
    },
    paint: { 'text-color': colour, ...halo, 'text-opacity': 1 },
  }
}

export function outline(
  id: string,
  colour: string,
  width: ExpressionSpecification | number,
  dash?: number[],
): LayerSpecification {
  return {
    id: `${id}:outline`,
    type: 'line',
    source: id,
    'source-layer': id,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': colour,
      'line-width': width,
      'line-opacity': 1,
      ...(dash ? { 'line-dasharray': dash } : {}),
    },
  }
}

/** Incident cells with fewer incidents than this show as heat only, not as a count. */
export const MIN_SHOWN_COUNT = 10

export const nameField: ExpressionSpecification = ['coalesce', ['get', 'name'], ['get', 'title'], '']

/** Layers in a style, placed under the basemap's place names; all interactive unless named. */
export const under = (layers: LayerSpecification[], interactive = layers.map((l) => l.id)): OverlayStyle => ({
  layers,
  placement: 'under-labels',
  interactive,
})

/** Layers in a style, placed over the basemap's labels; all interactive unless named, none raised unless named. */
export const top = (
  layers: LayerSpecification[],
  interactive = layers.map((l) => l.id),
  raised: string[] = [],
): OverlayStyle => ({ layers, placement: 'top', interactive, raised })

/** A layer's own vector-tile source: one source and one source-layer, both named after the layer. */
export const sourceOf = (id: LayerId) => ({ source: id, 'source-layer': id })

export const termsToEntries = <K extends string>(
  terms: Record<K, Term>,
  swatch: (key: K) => Swatch,
): LegendEntry[] => (Object.keys(terms) as K[]).map((key) => ({ label: terms[key], swatch: swatch(key) }))

/** Limits shown as ranges: "< 25", "25–50", …, "≥ 100". */
export function rangeLabels(limits: ClassLimits, format: (n: number) => string): string[] {
  if (limits.length === 0) return ['']
  const labels = [`< ${format(limits[0])}`]
  for (let i = 1; i < limits.length; i++) labels.push(`${format(limits[i - 1])}–${format(limits[i])}`)
  labels.push(`≥ ${format(limits[limits.length - 1])}`)
  return labels
}

const formatNumber = (lang: 'sv' | 'en') => (n: number) =>
  n.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 })

export function rangeEntries(ramp: readonly string[], limits: ClassLimits): LegendEntry[] {
  const sv = rangeLabels(limits, formatNumber('sv'))
  const en = rangeLabels(limits, formatNumber('en'))
  return sv.map((label, i) => ({
    label: { sv: label, en: en[i] },
    swatch: { kind: 'fill', color: ramp[Math.min(i, ramp.length - 1)], opacity: 0.85 },
  }))
}

/**
 * What a choropleth learns from the data it draws: class limits, and what its legend must say about
 * the values (the months reported crime is summed over, the survey indicator).
 */
export interface ChoroplethFacts {
  limits?: ClassLimits
  months?: number
  indicator?: string
}

/** A choropleth's colouring: the property it colours by, its ramp, and limits until the data gives its own. */
export interface Choropleth {
  property: string
  ramp: readonly string[]
  defaultLimits: ClassLimits
}

/**
 * Everything the map needs to draw one layer and explain it: the style, its legend beside it so the two
 * cannot drift apart, and for choropleths how they colour.
 */
export interface LayerStyle {
  style(id: LayerId, limits?: ClassLimits): OverlayStyle
  legend(facts: ChoroplethFacts): Legend
  choropleth?: Choropleth
  /** Areas named once from label points (see `labelSourceId`) instead of from every tile. */
  labelPoints?: boolean
}

/**
 * A point layer drawn as badges coloured and marked by one category property (an actor's type, an
 * asset's sector, a hazard site's kind), named from `labelMinzoom`, and the legend entries that list
 * its categories. Both come from the same tables, so the map and its legend cannot disagree.
 */
export function categoryBadges<K extends string>(spec: {
  property: string
  terms: Record<K, Term>
  colours: Record<K, string>
  icons: Record<K, IconName>
  fallbackColour: string
  fallbackIcon: IconName
  labelMinzoom: number
}): { layers: (id: string) => LayerSpecification[]; entries: LegendEntry[] } {
  return {
    layers: (id) =>
      badgeLayers(
        id,
        matchColour(spec.property, spec.colours, spec.fallbackColour),
        matchIcon(spec.property, spec.icons, spec.fallbackIcon),
        { label: nameField, labelMinzoom: spec.labelMinzoom },
      ),
    entries: termsToEntries(spec.terms, (k) => ({
      kind: 'badge',
      color: spec.colours[k],
      icon: spec.icons[k],
    })),
  }
}
