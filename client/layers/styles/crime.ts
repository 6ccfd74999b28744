/** The styles and legends of crime and safety: incidents, their generalised hexagons, reported crime and the safety survey. */

import type { ExpressionSpecification } from 'maplibre-gl'
import { measureStatusTerms } from '../../../common/action-plan.ts'
import { incidentGroupTerms, type SurveyIndicator, surveyIndicatorTerms } from '../../../common/domain.ts'
import type { LayerId, LayerIdIn } from '../../../common/layers.ts'
import { mapFonts } from '../../map/fonts.ts'
import { DISC_IMAGE, patternIds } from '../../map/icons.ts'
import {
  aggregateRamp,
  crimeRamp,
  incidentGroupColours,
  measureStatusColours,
  noDataColour,
  surveyRamp,
} from '../palette.ts'
import {
  areaLabel,
  type Choropleth,
  type ClassLimits,
  halo,
  isPoint,
  isPolygon,
  type LayerStyle,
  type LegendEntry,
  MIN_SHOWN_COUNT,
  matchColour,
  messageTerm,
  rangeEntries,
  sourceOf,
  stepColour,
  termsToEntries,
  top,
  under,
  zoomRamp,
} from './style-kit.ts'

/** Note: the hexagons share the incident cells' ramp, since both count the same incidents. */
const hexagonChoropleth: Choropleth = {
  property: 'count',
  ramp: aggregateRamp,
  defaultLimits: [5, 15, 50, 200],
}
const crimeChoropleth: Choropleth = { property: 'per1000', ramp: crimeRamp, defaultLimits: [25, 50, 75, 100] }
const surveyChoropleth: Choropleth = { property: 'value', ramp: surveyRamp, defaultLimits: [1, 2, 3, 4] }

const isSurveyIndicator = (code: string | undefined): code is SurveyIndicator =>
  code !== undefined && code in surveyIndicatorTerms

/**
 * Note: a district without a value is hatched grey, never filled: a pale fill would read as the
 * lowest class (the lightest crime class looked like "no data"), a hatch reads as "nothing measured".
 */
const noDataEntry: LegendEntry = {
  label: messageTerm('legend.noData'),
  swatch: { kind: 'fill', color: noDataColour, hatch: true, outline: noDataColour },
}

/** A district choropleth: classes where there is a value, a grey hatch where there is none, and the value written under the name. */
function districtChoropleth(
  id: LayerId,
  { property, ramp, defaultLimits }: Choropleth,
  limits?: ClassLimits,
) {
  const src = sourceOf(id)
  const hasValue: ExpressionSpecification = ['==', ['typeof', ['get', property]], 'number']
  return under(
    [
      {
        ...src,
        id: `${id}:fill`,
        type: 'fill',
        filter: hasValue,
        paint: { 'fill-color': stepColour(property, ramp, limits ?? defaultLimits), 'fill-opacity': 0.72 },
      },
      {
        ...src,
        id: `${id}:no-data`,
        type: 'fill',
        filter: ['!', hasValue],
        paint: { 'fill-pattern': patternIds.noData, 'fill-opacity': 0.9 },
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
            hasValue,
            ['number-format', ['get', property], { locale: 'sv-SE', 'max-fraction-digits': 1 }],
            '–',
          ],
          { 'font-scale': 1.15, 'text-font': ['literal', [...mapFonts.bold]] },
        ] as ExpressionSpecification,
        9,
      ),
    ],
    [`${id}:fill`, `${id}:no-data`],
  )
}

export const crimeStyles = {
  incidents: {
    style(id) {
      const src = sourceOf(id)
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
        [`${id}:clusters`],
      )
    },
    legend() {
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
    },
  },
  'incident-hexagons': {
    choropleth: hexagonChoropleth,
    style(id, limits) {
      const src = sourceOf(id)
      const { property, ramp, defaultLimits } = hexagonChoropleth
      // The generalised twin of the incident points for those who may not see single incidents:
      // counts per 1 km hexagon, drawn as a choropleth with its count written in when zoomed in.
      return under(
        [
          {
            ...src,
            id: `${id}:fill`,
            type: 'fill',
            paint: {
              'fill-color': stepColour(property, ramp, limits ?? defaultLimits),
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
    },
    legend({ limits }) {
      return {
        title: messageTerm('legend.hexagonCount'),
        entries: rangeEntries(hexagonChoropleth.ramp, limits ?? hexagonChoropleth.defaultLimits),
        note: messageTerm('legend.hexagonNote'),
      }
    },
  },
  'crime-statistics': {
    choropleth: crimeChoropleth,
    labelPoints: true,
    style: (id, limits) => districtChoropleth(id, crimeChoropleth, limits),
    legend({ limits, months }) {
      return {
        title: messageTerm('legend.per1000'),
        entries: [
          ...rangeEntries(crimeChoropleth.ramp, limits ?? crimeChoropleth.defaultLimits),
          noDataEntry,
        ],
        // Note: the map shows every month of the statistics at once, so the legend says how many.
        note: months ? messageTerm('legend.crimeMonths', { months }) : messageTerm('legend.crimeAllMonths'),
      }
    },
  },
  'safety-survey': {
    choropleth: surveyChoropleth,
    labelPoints: true,
    style: (id, limits) => districtChoropleth(id, surveyChoropleth, limits),
    legend({ limits, indicator }) {
      const measured = surveyIndicatorTerms[isSurveyIndicator(indicator) ? indicator : 'problem_index']
      return {
        title: messageTerm('legend.surveyIndicator', { indicator: measured }),
        entries: [
          ...rangeEntries(surveyChoropleth.ramp, limits ?? surveyChoropleth.defaultLimits),
          noDataEntry,
        ],
        note: messageTerm('legend.surveyLatest'),
      }
    },
  },
  'action-measures': {
    labelPoints: true,
    style(id) {
      const src = sourceOf(id)
      const colour = matchColour('status', measureStatusColours, measureStatusColours.planned)
      // An outline with a faint fill over the choropleths: the place is read together with the
      // crime or survey class beneath it, never instead of it.
      return under([
        { ...src, id: `${id}:fill`, type: 'fill', paint: { 'fill-color': colour, 'fill-opacity': 0.1 } },
        {
          ...src,
          id: `${id}:outline`,
          type: 'line',
          layout: { 'line-join': 'round' },
          paint: {
            'line-color': colour,
            'line-width': zoomRamp([9, 1.6], [14, 3]),
            'line-dasharray': [3, 1.5],
          },
        },
        areaLabel(id, '#343a40', ['get', 'title'], 11),
      ])
    },
    legend() {
      return {
        title: messageTerm('legend.actionMeasure'),
        entries: termsToEntries(measureStatusTerms, (status) => ({
          kind: 'fill',
          color: measureStatusColours[status],
          opacity: 0.2,
          outline: measureStatusColours[status],
        })),
      }
    },
  },
} satisfies Record<LayerIdIn<'crime'>, LayerStyle>
