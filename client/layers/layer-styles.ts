/**
 * How each catalogue layer is drawn. Every layer reads the vector-tile source named after its id
 * (one source-layer, also named after the id); the style of each is written here once, beside the
 * legend that explains it, so the two cannot drift apart.
 */
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
} from 'maplibre-gl'
import {
  actorLinkTerms,
  actorTypeTerms,
  hazardousGoodsRouteTerms,
  hazardSiteTerms,
  hazardZoneTerms,
  incidentGroupTerms,
  resourceTerms,
  riskLevel,
  roadClassTerms,
  sectorTerms,
  type Term,
} from '../../common/domain.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { en, type MessageKey, sv } from '../i18n/dictionary.ts'
import { mapFonts } from '../map/fonts.ts'
import {
  actorTypeIcons,
  annotationSymbolIcons,
  DISC_IMAGE,
  hazardSiteIcons,
  type IconName,
  patternIds,
  sectorIcons,
} from '../map/icons.ts'
import {
  actorTypeColours,
  aggregateRamp,
  boundaryColour,
  crimeRamp,
  crisisColour,
  floodColours,
  hazardSiteColours,
  incidentGroupColours,
  noDataColour,
  resourceColours,
  riskColours,
  riskTextColours,
  roadColours,
  sectorColours,
  surveyRamp,
} from './palette.ts'

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
}

/** Class limits of a choropleth: ramp[i] colours values below limits[i]; the last colour the rest. */
export type ClassLimits = readonly number[]

export const defaultClassLimits: Record<string, ClassLimits> = {
  'crime-statistics': [25, 50, 75, 100],
  'safety-survey': [1, 2, 3, 4],
  'incident-hexagons': [5, 15, 50, 200],
}

/** The property each choropleth colours by. */
export const choroplethProperty: Record<string, string> = {
  'crime-statistics': 'per1000',
  'safety-survey': 'value',
  'incident-hexagons': 'count',
}

/** Note: the hexagons share the incident cells' ramp, since both count the same incidents. */
export const choroplethRamps: Record<string, readonly string[]> = {
  'crime-statistics': crimeRamp,
  'safety-survey': surveyRamp,
  'incident-hexagons': aggregateRamp,
}

/** A message of the interface as a term, for legend labels that are not domain vocabulary. */
export function messageTerm(key: MessageKey): Term {
  return { sv: sv[key], en: en[key] }
}

const zoomRamp = (...stops: [zoom: number, value: number][]): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification

function matchColour(
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

function matchIcon(
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

/** The risk matrix colours as a step over the score, with thresholds taken from `riskLevel`. */
export function riskScoreColour(
  colours: Record<ReturnType<typeof riskLevel>, string> = riskColours,
): ExpressionSpecification {
  const stops: (string | number)[] = [colours[riskLevel(1)]]
  for (let score = 2; score <= 25; score++) {
    if (riskLevel(score) !== riskLevel(score - 1)) stops.push(score, colours[riskLevel(score)])
  }
  return ['step', ['to-number', ['get', 'riskScore'], 0], ...stops] as unknown as ExpressionSpecification
}

const halo = {
  'text-halo-color': 'rgba(255, 255, 255, 0.95)',
  'text-halo-width': 1.6,
  'text-halo-blur': 0.3,
} as const

const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point']
const isLine: ExpressionSpecification = ['==', ['geometry-type'], 'LineString']
const isPolygon: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon']

/** The coloured circle under an icon: every point layer's symbol. */
function badgeLayers(
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

/** Area layers whose names are drawn from label points. */
export const labelledAreaLayers = new Set([
  'districts',
  'police-areas',
  'rescue-districts',
  'planning-assessments',
  'crime-statistics',
  'safety-survey',
  'crisis-sessions',
])

function areaLabel(
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

function outline(
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

const nameField: ExpressionSpecification = ['coalesce', ['get', 'name'], ['get', 'title'], '']

/** The style of one catalogue layer. */
export function overlayStyle(layer: Pick<LayerInfo, 'id'>, limits?: ClassLimits): OverlayStyle {
  const id = layer.id
  const src = { source: id, 'source-layer': id }
  const under = (layers: LayerSpecification[], interactive = layers.map((l) => l.id)): OverlayStyle => ({
    layers,
    placement: 'under-labels',
    interactive,
  })
  const top = (layers: LayerSpecification[], interactive = layers.map((l) => l.id)): OverlayStyle => ({
    layers,
    placement: 'top',
    interactive,
  })

  switch (id) {
    case 'municipality':
      return under(
        [
          {
            ...src,
            id: `${id}:halo`,
            type: 'line',
            layout: { 'line-join': 'round' },
            paint: { 'line-color': '#ffffff', 'line-width': zoomRamp([6, 4], [12, 8]), 'line-opacity': 0.85 },
          },
          {
            ...src,
            id: `${id}:outline`,
            type: 'line',
            layout: { 'line-join': 'round' },
            paint: {
              'line-color': boundaryColour,
              'line-width': zoomRamp([6, 1.8], [12, 3.2]),
              'line-opacity': 1,
            },
          },
        ],
        [`${id}:outline`],
      )
    case 'districts':
      return under(
        [
          outline(id, '#4a5a78', zoomRamp([9, 0.8], [14, 1.8]), [3, 2]),
          areaLabel(id, '#34425c', ['get', 'name'], 10.5),
        ],
        [`${id}:outline`],
      )
    case 'police-areas':
      return under(
        [
          outline(id, '#1c4f9c', zoomRamp([8, 1.5], [14, 3]), [5, 2.5]),
          areaLabel(id, '#1c4f9c', ['get', 'name'], 9),
        ],
        [`${id}:outline`],
      )
    case 'rescue-districts':
      return under(
        [
          outline(id, '#b02a2a', zoomRamp([8, 1.5], [14, 3]), [1.5, 1.5]),
          areaLabel(id, '#9b2226', ['get', 'name'], 9),
        ],
        [`${id}:outline`],
      )
    case 'responsibility-areas': {
      const colour = matchColour('actorType', actorTypeColours, '#5c677d')
      return under([
        { ...src, id: `${id}:fill`, type: 'fill', paint: { 'fill-color': colour, 'fill-opacity': 0.1 } },
        {
          ...src,
          id: `${id}:outline`,
          type: 'line',
          paint: { 'line-color': colour, 'line-width': 2, 'line-opacity': 0.9, 'line-dasharray': [4, 2] },
        },
      ])
    }
    case 'actors':
      return top(
        badgeLayers(
          id,
          matchColour('actorType', actorTypeColours, '#5c677d'),
          matchIcon('actorType', actorTypeIcons, 'circle'),
          {
            label: nameField,
            labelMinzoom: 13,
          },
        ),
      )
    case 'actor-links':
      return under([
        {
          ...src,
          id: `${id}:line`,
          type: 'line',
          layout: { 'line-cap': 'round' },
          paint: {
            'line-color': matchColour(
              'linkType',
              {
                collaboration_agreement: '#1f5fa8',
                mutual_aid: '#2b8a3e',
                supply: '#e67700',
                reporting_line: '#5f3dc4',
              },
              '#5c677d',
            ),
            'line-width': zoomRamp([9, 1], [14, 2.5]),
            'line-opacity': 0.85,
            'line-dasharray': [3, 2],
          },
        },
      ])
    case 'critical-assets': {
      const highPriority: FilterSpecification = ['<=', ['to-number', ['get', 'styrelClass'], 9], 2]
      return top([
        {
          ...src,
          id: `${id}:styrel-ring`,
          type: 'circle',
          filter: highPriority,
          paint: {
            'circle-color': 'rgba(0, 0, 0, 0)',
            'circle-radius': zoomRamp([8, 6.5], [10, 9.5], [12, 12.5], [15, 16], [17, 17.5]),
            'circle-stroke-color': '#d62828',
            'circle-stroke-width': zoomRamp([8, 2], [14, 3.5]),
            'circle-stroke-opacity': 1,
            'circle-opacity': 1,
          },
        },
        ...badgeLayers(
          id,
          matchColour('sector', sectorColours, '#5c677d'),
          matchIcon('sector', sectorIcons, 'circle'),
          {
            label: nameField,
            labelMinzoom: 14,
          },
        ),
      ])
    }
    case 'dependencies':
      return under([
        {
          ...src,
          id: `${id}:line`,
          type: 'line',
          layout: { 'line-cap': 'round' },
          paint: {
            'line-color': matchColour('resource', resourceColours, '#5c677d'),
            'line-width': zoomRamp([9, 1], [14, 2.2]),
            'line-opacity': 0.85,
          },
        },
      ])
    case 'roads':
      return under([
        {
          ...src,
          id: `${id}:line`,
          type: 'line',
          filter: ['!=', ['get', 'roadClass'], 'railway'],
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: {
            'line-color': matchColour('roadClass', roadColours, roadColours.local),
            'line-width': [
              'interpolate',
              ['linear'],
              ['zoom'],
              8,
              ['match', ['get', 'roadClass'], 'motorway', 2.5, 'primary', 2, 'secondary', 1.4, 0.6],
              14,
              ['match', ['get', 'roadClass'], 'motorway', 7, 'primary', 5.5, 'secondary', 4, 2.2],
            ],
            'line-opacity': 0.9,
          },
        },
        {
          ...src,
          id: `${id}:railway`,
          type: 'line',
          filter: ['==', ['get', 'roadClass'], 'railway'],
          paint: {
            'line-color': roadColours.railway,
            'line-width': zoomRamp([8, 1.5], [14, 3]),
            'line-dasharray': [2, 1.5],
            'line-opacity': 0.9,
          },
        },
      ])
    case 'hazardous-goods-routes':
      return under(
        [
          {
            ...src,
            id: `${id}:casing`,
            type: 'line',
            layout: { 'line-cap': 'round', 'line-join': 'round' },
            paint: {
              'line-color': '#ffffff',
              'line-width': zoomRamp([8, 4.5], [14, 10]),
              'line-opacity': 0.85,
            },
          },
          {
            ...src,
            id: `${id}:primary`,
            type: 'line',
            filter: ['==', ['get', 'hazardousGoodsRoute'], 'primary'],
            layout: { 'line-cap': 'round', 'line-join': 'round' },
            paint: { 'line-color': '#d9480f', 'line-width': zoomRamp([8, 3], [14, 7]), 'line-opacity': 1 },
          },
          {
            ...src,
            id: `${id}:secondary`,
            type: 'line',
            filter: ['!=', ['get', 'hazardousGoodsRoute'], 'primary'],
            layout: { 'line-join': 'round' },
            paint: {
              'line-color': '#f59f00',
              'line-width': zoomRamp([8, 2.2], [14, 5]),
              'line-dasharray': [2, 1.2],
              'line-opacity': 1,
            },
          },
        ],
        [`${id}:primary`, `${id}:secondary`],
      )
    case 'flood-zones': {
      // Note: the rarer the flow, the larger the zone, so BHF goes first and the 100-year zone on top.
      const zone = (kind: keyof typeof floodColours, opacity: number): LayerSpecification => ({
        ...src,
        id: `${id}:${kind}`,
        type: 'fill',
        filter: ['==', ['get', 'kind'], kind],
        paint: { 'fill-color': floodColours[kind], 'fill-opacity': opacity, 'fill-antialias': true },
      })
      return under([
        zone('flood_bhf', 0.4),
        zone('flood_200', 0.3),
        zone('flood_100', 0.32),
        {
          ...src,
          id: `${id}:outline`,
          type: 'line',
          paint: {
            'line-color': matchColour('kind', floodColours, '#3f7fc9'),
            'line-width': 0.8,
            'line-opacity': 0.9,
          },
        },
      ])
    }
    case 'hazard-zones':
      return under([
        {
          ...src,
          id: `${id}:hatch`,
          type: 'fill',
          paint: { 'fill-pattern': patternIds.consultation, 'fill-opacity': 0.8 },
        },
        outline(id, '#c92a2a', zoomRamp([9, 1.2], [14, 2.4]), [4, 2]),
      ])
    case 'hazard-sites':
      return top(
        badgeLayers(
          id,
          matchColour('kind', hazardSiteColours, '#b3001b'),
          matchIcon('kind', hazardSiteIcons, 'caution'),
          {
            label: nameField,
            labelMinzoom: 13,
          },
        ),
      )
    case 'rsa-risks':
      return top(
        [
          {
            ...src,
            id: `${id}:circle`,
            type: 'circle',
            paint: {
              // A white disc with a coloured ring, so risks never read as incident counts.
              'circle-color': '#ffffff',
              'circle-radius': zoomRamp([8, 8], [12, 11.5], [16, 14]),
              'circle-stroke-color': riskScoreColour(),
              'circle-stroke-width': zoomRamp([8, 3], [12, 4]),
              'circle-opacity': 0.95,
              'circle-stroke-opacity': 1,
            },
          },
          {
            ...src,
            id: `${id}:score`,
            type: 'symbol',
            minzoom: 9,
            layout: {
              'text-field': ['to-string', ['get', 'riskScore']],
              'text-font': [...mapFonts.bold],
              'text-size': zoomRamp([9, 10], [16, 14]),
              'text-allow-overlap': true,
              'text-ignore-placement': true,
            },
            paint: {
              'text-color': riskScoreColour(riskTextColours),
              'text-opacity': 1,
            },
          },
          {
            ...src,
            id: `${id}:label`,
            type: 'symbol',
            minzoom: 13,
            layout: {
              'text-field': ['get', 'title'],
              'text-font': [...mapFonts.semibold],
              'text-size': 12,
              'text-anchor': 'left',
              'text-offset': [1.6, 0],
              'text-max-width': 14,
              'text-optional': true,
            },
            paint: { 'text-color': '#1f2937', ...halo, 'text-opacity': 1 },
          },
        ],
        [`${id}:circle`, `${id}:score`],
      )
    case 'planning-assessments':
      return under([
        { ...src, id: `${id}:fill`, type: 'fill', paint: { 'fill-color': '#7048e8', 'fill-opacity': 0.12 } },
        outline(id, '#5f3dc4', 2),
        areaLabel(id, '#5f3dc4', ['get', 'title'], 12),
      ])
    case 'incidents': {
      const aggregated: ExpressionSpecification = ['has', 'count']
      // Note: cells with few incidents can identify people, so they show only as heat, never as a number.
      const shownCell: ExpressionSpecification = ['>=', ['to-number', ['get', 'count'], 0], MIN_SHOWN_COUNT]
      const countColour = stepColour('count', aggregateRamp, [10, 25, 60, 150])
      return top(
        [
          {
            ...src,
            id: `${id}:heat`,
            type: 'heatmap',
            filter: ['all', aggregated, isPoint],
            paint: {
              'heatmap-weight': ['interpolate', ['linear'], ['to-number', ['get', 'count'], 1], 0, 0, 50, 1],
              'heatmap-intensity': zoomRamp([6, 1.4], [10, 1.2], [13, 0.8]),
              'heatmap-radius': zoomRamp([6, 10], [10, 20], [13, 22]),
              'heatmap-color': [
                'interpolate',
                ['linear'],
                ['heatmap-density'],
                0,
                'rgba(254, 217, 118, 0)',
                0.12,
                'rgba(254, 217, 118, 0.5)',
                0.35,
                'rgba(253, 141, 60, 0.62)',
                0.65,
                'rgba(227, 26, 28, 0.68)',
                1,
                'rgba(128, 0, 38, 0.78)',
              ],
              'heatmap-opacity': 0.85,
            },
          },
          {
            ...src,
            id: `${id}:cells`,
            type: 'fill',
            filter: ['all', aggregated, isPolygon],
            paint: {
              'fill-color': countColour,
              'fill-opacity': 0.6,
              'fill-outline-color': 'rgba(255,255,255,0.6)',
            },
          },
          {
            // Invisible click targets over every cell, so a click anywhere in the heat zooms in.
            ...src,
            id: `${id}:cell-targets`,
            type: 'circle',
            filter: ['all', aggregated, isPoint],
            paint: { 'circle-radius': 9, 'circle-opacity': 0, 'circle-stroke-width': 0 },
          },
          {
            // Note: the cells with the most incidents are placed first and the rest give way on
            // collision, so the numbers never pile up however dense the heat below them is.
            ...src,
            id: `${id}:clusters`,
            type: 'symbol',
            filter: ['all', aggregated, isPoint, shownCell],
            layout: {
              'symbol-sort-key': ['-', 0, ['to-number', ['get', 'count'], 0]],
              'icon-image': DISC_IMAGE,
              'icon-size': [
                'interpolate',
                ['linear'],
                ['sqrt', ['to-number', ['get', 'count'], 1]],
                2,
                0.75,
                5,
                1,
                12,
                1.5,
                30,
                2.3,
              ],
              'icon-padding': 1,
              'text-field': ['to-string', ['get', 'count']],
              'text-font': [...mapFonts.bold],
              'text-size': [
                'interpolate',
                ['linear'],
                ['to-number', ['get', 'count'], 1],
                5,
                10.5,
                100,
                13,
                1000,
                15,
              ],
            },
            paint: {
              'icon-color': countColour,
              'icon-halo-color': '#ffffff',
              'icon-halo-width': 1.5,
              'icon-opacity': 0.95,
              'text-color': ['case', ['<', ['to-number', ['get', 'count'], 0], 10], '#4a2200', '#ffffff'],
              'text-opacity': 1,
            },
          },
          {
            ...src,
            id: `${id}:points`,
            type: 'circle',
            filter: ['all', ['!', aggregated], isPoint],
            paint: {
              'circle-color': matchColour('categoryGroup', incidentGroupColours, '#c2255c'),
              'circle-radius': [
                'interpolate',
                ['linear'],
                ['zoom'],
                13,
                ['+', 3, ['*', 0.7, ['to-number', ['get', 'severity'], 1]]],
                18,
                ['+', 6, ['*', 1.2, ['to-number', ['get', 'severity'], 1]]],
              ],
              'circle-stroke-color': '#ffffff',
              'circle-stroke-width': 1.2,
              'circle-opacity': 0.92,
              'circle-stroke-opacity': 1,
            },
          },
        ],
        [`${id}:cells`, `${id}:clusters`, `${id}:cell-targets`, `${id}:points`],
      )
    }
    case 'incident-hexagons': {
      // The generalised twin of the incident points for those who may not see single incidents:
      // counts per 1 km hexagon, drawn as a choropleth with its count written in when zoomed in.
      const property = choroplethProperty[id]
      return under(
        [
          {
            ...src,
            id: `${id}:fill`,
            type: 'fill',
            paint: {
              'fill-color': stepColour(property, choroplethRamps[id], limits ?? defaultClassLimits[id]),
              'fill-opacity': 0.68,
            },
          },
          {
            ...src,
            id: `${id}:outline`,
            type: 'line',
            paint: {
              'line-color': '#ffffff',
              'line-width': zoomRamp([9, 0.4], [14, 1.4]),
              'line-opacity': 0.8,
            },
          },
          {
            ...src,
            id: `${id}:count`,
            type: 'symbol',
            minzoom: 12.5,
            layout: {
              'text-field': ['to-string', ['get', property]],
              'text-font': [...mapFonts.bold],
              'text-size': zoomRamp([12.5, 11], [16, 15]),
              'symbol-placement': 'point',
              'text-padding': 2,
            },
            paint: { 'text-color': '#4a1a00', ...halo, 'text-opacity': 1 },
          },
        ],
        [`${id}:fill`],
      )
    }
    case 'crime-statistics':
    case 'safety-survey': {
      const property = choroplethProperty[id]
      const ramp = choroplethRamps[id]
      return under(
        [
          {
            ...src,
            id: `${id}:fill`,
            type: 'fill',
            paint: {
              'fill-color': [
                'case',
                ['==', ['typeof', ['get', property]], 'number'],
                stepColour(property, ramp, limits ?? defaultClassLimits[id]),
                noDataColour,
              ],
              'fill-opacity': 0.72,
            },
          },
          {
            ...src,
            id: `${id}:outline`,
            type: 'line',
            paint: { 'line-color': '#ffffff', 'line-width': 1.2, 'line-opacity': 0.9 },
          },
          areaLabel(
            id,
            '#1f2937',
            [
              'format',
              ['get', 'name'],
              {},
              '\n',
              {},
              [
                'case',
                ['==', ['typeof', ['get', property]], 'number'],
                ['number-format', ['get', property], { locale: 'sv-SE', 'max-fraction-digits': 1 }],
                '–',
              ],
              { 'font-scale': 1.15, 'text-font': ['literal', [...mapFonts.bold]] },
            ] as ExpressionSpecification,
            9,
          ),
        ],
        [`${id}:fill`],
      )
    }
    case 'crisis-sessions':
      return under([
        {
          ...src,
          id: `${id}:fill`,
          type: 'fill',
          paint: { 'fill-pattern': patternIds.crisis, 'fill-opacity': 0.9 },
        },
        outline(id, crisisColour, zoomRamp([8, 2], [14, 4]), [3, 1.5]),
        areaLabel(id, '#a61e4d', ['get', 'title'], 9),
      ])
    case 'crisis-annotations': {
      const colour: ExpressionSpecification = [
        'to-color',
        ['coalesce', ['get', 'color'], '#e8590c'],
        '#e8590c',
      ]
      const symbolIcon = [
        'match',
        ['get', 'symbol'],
        ...Object.entries(annotationSymbolIcons).flatMap(([symbol, icon]) => [symbol, `icon-${icon}`]),
        'icon-marker',
      ] as unknown as ExpressionSpecification
      return top([
        {
          ...src,
          id: `${id}:fill`,
          type: 'fill',
          filter: isPolygon,
          paint: { 'fill-color': colour, 'fill-opacity': 0.18 },
        },
        {
          ...src,
          id: `${id}:line`,
          type: 'line',
          filter: ['any', isLine, isPolygon],
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': colour, 'line-width': zoomRamp([9, 2], [15, 4]), 'line-opacity': 1 },
        },
        ...badgeLayers(id, colour, symbolIcon, { filter: isPoint }),
        {
          ...src,
          id: `${id}:label`,
          type: 'symbol',
          filter: ['has', 'label'],
          layout: {
            'text-field': ['get', 'label'],
            'text-font': [...mapFonts.bold],
            'text-size': zoomRamp([10, 11.5], [16, 14]),
            'text-anchor': 'top',
            'text-offset': [0, 1.2],
            'text-max-width': 12,
            'text-optional': true,
          },
          paint: { 'text-color': '#7a2e00', ...halo, 'text-opacity': 1 },
        },
      ])
    }
    default:
      // A layer the client does not know yet still shows, in a neutral style.
      return top([
        {
          ...src,
          id: `${id}:fill`,
          type: 'fill',
          filter: isPolygon,
          paint: { 'fill-color': '#5c677d', 'fill-opacity': 0.15 },
        },
        {
          ...src,
          id: `${id}:line`,
          type: 'line',
          filter: ['!', isPoint],
          paint: { 'line-color': '#5c677d', 'line-width': 1.5 },
        },
        {
          ...src,
          id: `${id}:point`,
          type: 'circle',
          filter: isPoint,
          paint: { 'circle-color': '#5c677d', 'circle-radius': 5 },
        },
      ])
  }
}

const termsToEntries = <K extends string>(
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

function rangeEntries(ramp: readonly string[], limits: ClassLimits): LegendEntry[] {
  const sv = rangeLabels(limits, formatNumber('sv'))
  const en = rangeLabels(limits, formatNumber('en'))
  return sv.map((label, i) => ({
    label: { sv: label, en: en[i] },
    swatch: { kind: 'fill', color: ramp[Math.min(i, ramp.length - 1)], opacity: 0.85 },
  }))
}

/** The legend of one catalogue layer, matching `overlayStyle`. */
export function legendOf(layer: Pick<LayerInfo, 'id'>, limits?: ClassLimits): Legend {
  switch (layer.id) {
    case 'municipality':
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: boundaryColour, width: 3, casing: '#ffffff' },
          },
        ],
      }
    case 'districts':
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: '#4a5a78', width: 1.5, dashed: true },
          },
        ],
      }
    case 'police-areas':
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: '#1c4f9c', width: 2.5, dashed: true },
          },
        ],
      }
    case 'rescue-districts':
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: '#b02a2a', width: 2.5, dashed: true },
          },
        ],
      }
    case 'responsibility-areas':
      return {
        entries: [
          {
            label: messageTerm('legend.responsibility'),
            swatch: { kind: 'fill', color: '#1f5fa8', opacity: 0.15, outline: '#1f5fa8', dashed: true },
          },
        ],
      }
    case 'actors':
      return {
        entries: termsToEntries(actorTypeTerms, (k) => ({
          kind: 'badge',
          color: actorTypeColours[k],
          icon: actorTypeIcons[k],
        })),
      }
    case 'actor-links':
      return {
        entries: termsToEntries(actorLinkTerms, (k) => ({
          kind: 'line',
          dashed: true,
          width: 2,
          color: {
            collaboration_agreement: '#1f5fa8',
            mutual_aid: '#2b8a3e',
            supply: '#e67700',
            reporting_line: '#5f3dc4',
          }[k],
        })),
      }
    case 'critical-assets':
      return {
        entries: [
          {
            label: messageTerm('legend.styrelRing'),
            swatch: { kind: 'badge', color: '#868e96', ring: '#d62828' },
          },
          ...termsToEntries(sectorTerms, (k) => ({
            kind: 'badge',
            color: sectorColours[k],
            icon: sectorIcons[k],
          })),
        ],
      }
    case 'dependencies':
      return {
        entries: termsToEntries(resourceTerms, (k) => ({
          kind: 'line',
          color: resourceColours[k],
          width: 2.5,
        })),
      }
    case 'roads':
      return {
        entries: [
          ...termsToEntries(roadClassTerms, (k) => ({
            kind: 'line',
            color: roadColours[k],
            width: k === 'local' ? 2 : 4,
          })),
          {
            label: { sv: 'Järnväg', en: 'Railway' },
            swatch: { kind: 'line', color: roadColours.railway, width: 2.5, dashed: true },
          },
        ],
      }
    case 'hazardous-goods-routes':
      return {
        entries: [
          { label: hazardousGoodsRouteTerms.primary, swatch: { kind: 'line', color: '#d9480f', width: 5 } },
          {
            label: hazardousGoodsRouteTerms.secondary,
            swatch: { kind: 'line', color: '#f59f00', width: 3.5, dashed: true },
          },
        ],
      }
    case 'flood-zones':
      return {
        entries: (['flood_100', 'flood_200', 'flood_bhf'] as const).map((k) => ({
          label: hazardZoneTerms[k],
          swatch: { kind: 'fill', color: floodColours[k], opacity: 0.7 },
        })),
      }
    case 'hazard-zones':
      return {
        entries: [
          {
            label: hazardZoneTerms.seveso_consultation,
            swatch: { kind: 'fill', color: '#c92a2a', hatch: true, outline: '#c92a2a', dashed: true },
          },
        ],
      }
    case 'hazard-sites':
      return {
        entries: termsToEntries(hazardSiteTerms, (k) => ({
          kind: 'badge',
          color: hazardSiteColours[k],
          icon: hazardSiteIcons[k],
        })),
      }
    case 'rsa-risks':
      return {
        title: messageTerm('legend.riskScore'),
        entries: [
          {
            label: messageTerm('legend.riskGreen'),
            swatch: {
              kind: 'badge',
              color: '#ffffff',
              ring: riskColours.green,
              text: '4',
              textColor: riskTextColours.green,
            },
          },
          {
            label: messageTerm('legend.riskYellow'),
            swatch: {
              kind: 'badge',
              color: '#ffffff',
              ring: riskColours.yellow,
              text: '9',
              textColor: riskTextColours.yellow,
            },
          },
          {
            label: messageTerm('legend.riskOrange'),
            swatch: {
              kind: 'badge',
              color: '#ffffff',
              ring: riskColours.orange,
              text: '12',
              textColor: riskTextColours.orange,
            },
          },
          {
            label: messageTerm('legend.riskRed'),
            swatch: {
              kind: 'badge',
              color: '#ffffff',
              ring: riskColours.red,
              text: '20',
              textColor: riskTextColours.red,
            },
          },
        ],
      }
    case 'planning-assessments':
      return {
        entries: [
          {
            label: messageTerm('legend.assessment'),
            swatch: { kind: 'fill', color: '#7048e8', opacity: 0.2, outline: '#5f3dc4' },
          },
        ],
      }
    case 'incidents':
      return {
        entries: [
          {
            label: messageTerm('legend.aggregated'),
            swatch: { kind: 'badge', color: aggregateRamp[2], text: '12', size: 22 },
          },
          {
            label: messageTerm('legend.heat'),
            swatch: { kind: 'fill', color: aggregateRamp[1], opacity: 0.6, outline: 'transparent' },
          },
          ...termsToEntries(incidentGroupTerms, (k) => ({
            kind: 'badge',
            color: incidentGroupColours[k],
            size: 12,
          })),
        ],
        note: messageTerm('layers.aggregatedNote'),
      }
    case 'incident-hexagons':
      return {
        title: messageTerm('legend.hexagonCount'),
        entries: rangeEntries(choroplethRamps[layer.id], limits ?? defaultClassLimits[layer.id]),
        note: messageTerm('legend.hexagonNote'),
      }
    case 'crime-statistics':
    case 'safety-survey':
      return {
        title: messageTerm(layer.id === 'crime-statistics' ? 'legend.per1000' : 'legend.surveyValue'),
        entries: [
          ...rangeEntries(choroplethRamps[layer.id], limits ?? defaultClassLimits[layer.id]),
          { label: messageTerm('legend.noData'), swatch: { kind: 'fill', color: noDataColour } },
        ],
      }
    case 'crisis-sessions':
      return {
        entries: [
          {
            label: messageTerm('legend.affectedArea'),
            swatch: { kind: 'fill', color: crisisColour, hatch: true, outline: crisisColour, dashed: true },
          },
        ],
      }
    case 'crisis-annotations':
      return {
        entries: [
          {
            label: messageTerm('legend.annotationPoint'),
            swatch: { kind: 'badge', color: '#e8590c', icon: 'marker' },
          },
          {
            label: messageTerm('legend.annotationLine'),
            swatch: { kind: 'line', color: '#e8590c', width: 3 },
          },
          {
            label: messageTerm('legend.annotationArea'),
            swatch: { kind: 'fill', color: '#e8590c', opacity: 0.2, outline: '#e8590c' },
          },
        ],
      }
    default:
      return { entries: [] }
  }
}
