/** The styles and legends of critical infrastructure (samhällsviktig verksamhet): assets, their dependencies, roads. */

import type { FilterSpecification } from 'maplibre-gl'
import { resourceTerms, roadClassTerms, sectorTerms } from '../../../common/domain.ts'
import type { LayerIdIn } from '../../../common/layers.ts'
import { sectorIcons } from '../../map/icons.ts'
import { resourceColours, roadColours, sectorColours } from '../palette.ts'
import {
  categoryBadges,
  type LayerStyle,
  matchColour,
  messageTerm,
  sourceOf,
  termsToEntries,
  top,
  under,
  zoomRamp,
} from './style-kit.ts'

const sectorBadges = categoryBadges({
  property: 'sector',
  terms: sectorTerms,
  colours: sectorColours,
  icons: sectorIcons,
  fallbackColour: '#5c677d',
  fallbackIcon: 'circle',
  labelMinzoom: 14,
})

export const infrastructureStyles = {
  'critical-assets': {
    style(id) {
      const src = sourceOf(id)
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
        ...sectorBadges.layers(id),
      ])
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.styrelRing'),
            swatch: { kind: 'badge', color: '#868e96', ring: '#d62828' },
          },
          ...sectorBadges.entries,
        ],
      }
    },
  },
  dependencies: {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
      return {
        entries: termsToEntries(resourceTerms, (k) => ({
          kind: 'line',
          color: resourceColours[k],
          width: 2.5,
        })),
      }
    },
  },
  roads: {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
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
    },
  },
} satisfies Record<LayerIdIn<'infrastructure'>, LayerStyle>
