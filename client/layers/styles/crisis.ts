/** The styles and legends of crisis work: the affected areas of open sessions and what staff draw in them. */

import type { ExpressionSpecification } from 'maplibre-gl'
import type { LayerIdIn } from '../../../common/layers.ts'
import { mapFonts } from '../../map/fonts.ts'
import { annotationSymbolIcons, patternIds } from '../../map/icons.ts'
import { crisisColour } from '../palette.ts'
import {
  areaLabel,
  badgeLayers,
  halo,
  isLine,
  isPoint,
  isPolygon,
  type LayerStyle,
  messageTerm,
  outline,
  sourceOf,
  top,
  under,
  zoomRamp,
} from './style-kit.ts'

export const crisisStyles = {
  'crisis-sessions': {
    labelPoints: true,
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.affectedArea'),
            swatch: { kind: 'fill', color: crisisColour, hatch: true, outline: crisisColour, dashed: true },
          },
        ],
      }
    },
  },
  'crisis-annotations': {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
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
    },
  },
} satisfies Record<LayerIdIn<'crisis'>, LayerStyle>
