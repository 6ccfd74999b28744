/** The styles and legends of risks and hazards: hazardous goods routes, flood and consultation zones, Seveso sites, RSA risks, planning assessments. */

import type { LayerSpecification } from 'maplibre-gl'
import { hazardousGoodsRouteTerms, hazardSiteTerms, hazardZoneTerms } from '../../../common/domain.ts'
import type { LayerIdIn } from '../../../common/layers.ts'
import { riskBandLabel, riskBandLimits, riskBands } from '../../../common/risk.ts'
import { mapFonts } from '../../map/fonts.ts'
import { hazardSiteIcons, patternIds } from '../../map/icons.ts'
import { floodColours, hazardSiteColours, riskColours, riskTextColours } from '../palette.ts'
import {
  areaLabel,
  categoryBadges,
  halo,
  type LayerStyle,
  matchColour,
  messageTerm,
  outline,
  riskScoreColour,
  sourceOf,
  top,
  under,
  zoomRamp,
} from './style-kit.ts'

const hazardSiteBadges = categoryBadges({
  property: 'kind',
  terms: hazardSiteTerms,
  colours: hazardSiteColours,
  icons: hazardSiteIcons,
  fallbackColour: '#b3001b',
  fallbackIcon: 'caution',
  labelMinzoom: 13,
})

export const hazardsStyles = {
  'hazardous-goods-routes': {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
      return {
        entries: [
          { label: hazardousGoodsRouteTerms.primary, swatch: { kind: 'line', color: '#d9480f', width: 5 } },
          {
            label: hazardousGoodsRouteTerms.secondary,
            swatch: { kind: 'line', color: '#f59f00', width: 3.5, dashed: true },
          },
        ],
      }
    },
  },
  'flood-zones': {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
      return {
        entries: (['flood_100', 'flood_200', 'flood_bhf'] as const).map((k) => ({
          label: hazardZoneTerms[k],
          swatch: { kind: 'fill', color: floodColours[k], opacity: 0.7 },
        })),
      }
    },
  },
  'hazard-zones': {
    style(id) {
      const src = sourceOf(id)
      return under([
        {
          ...src,
          id: `${id}:hatch`,
          type: 'fill',
          paint: { 'fill-pattern': patternIds.consultation, 'fill-opacity': 0.8 },
        },
        outline(id, '#c92a2a', zoomRamp([9, 1.2], [14, 2.4]), [4, 2]),
      ])
    },
    legend() {
      return {
        entries: [
          {
            label: hazardZoneTerms.seveso_consultation,
            swatch: { kind: 'fill', color: '#c92a2a', hatch: true, outline: '#c92a2a', dashed: true },
          },
        ],
      }
    },
  },
  'hazard-sites': {
    style(id) {
      return top(hazardSiteBadges.layers(id))
    },
    legend() {
      return { entries: hazardSiteBadges.entries }
    },
  },
  'rsa-risks': {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
      return {
        title: messageTerm('legend.riskScore'),
        // Note: the bands, their limits and their names come from common/risk.ts, as the map's steps do.
        entries: riskBands.map((band) => ({
          label: riskBandLabel(band),
          swatch: {
            kind: 'badge',
            color: '#ffffff',
            ring: riskColours[band],
            text: String(riskBandLimits[band].max),
            textColor: riskTextColours[band],
          },
        })),
      }
    },
  },
  'planning-assessments': {
    labelPoints: true,
    style(id) {
      const src = sourceOf(id)
      return under([
        { ...src, id: `${id}:fill`, type: 'fill', paint: { 'fill-color': '#7048e8', 'fill-opacity': 0.12 } },
        outline(id, '#5f3dc4', 2),
        areaLabel(id, '#5f3dc4', ['get', 'title'], 12),
      ])
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.assessment'),
            swatch: { kind: 'fill', color: '#7048e8', opacity: 0.2, outline: '#5f3dc4' },
          },
        ],
      }
    },
  },
} satisfies Record<LayerIdIn<'hazards'>, LayerStyle>
