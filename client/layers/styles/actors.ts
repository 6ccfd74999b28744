/** The styles and legends of the actors theme: boundaries, actors, their areas of responsibility and links. */

import { actorLinkTerms, actorTypeTerms } from '../../../common/domain.ts'
import type { LayerIdIn } from '../../../common/layers.ts'
import { actorTypeIcons } from '../../map/icons.ts'
import { actorLinkColours, actorTypeColours, boundaryColour } from '../palette.ts'
import {
  areaLabel,
  categoryBadges,
  type LayerStyle,
  matchColour,
  messageTerm,
  outline,
  sourceOf,
  termsToEntries,
  top,
  under,
  zoomRamp,
} from './style-kit.ts'

const actorBadges = categoryBadges({
  property: 'actorType',
  terms: actorTypeTerms,
  colours: actorTypeColours,
  icons: actorTypeIcons,
  fallbackColour: '#5c677d',
  fallbackIcon: 'circle',
  labelMinzoom: 13,
})

export const actorsStyles = {
  municipality: {
    style(id) {
      const src = sourceOf(id)
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
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: boundaryColour, width: 3, casing: '#ffffff' },
          },
        ],
      }
    },
  },
  districts: {
    labelPoints: true,
    style(id) {
      return under(
        [
          outline(id, '#4a5a78', zoomRamp([9, 0.8], [14, 1.8]), [3, 2]),
          areaLabel(id, '#34425c', ['get', 'name'], 10.5),
        ],
        [`${id}:outline`],
      )
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: '#4a5a78', width: 1.5, dashed: true },
          },
        ],
      }
    },
  },
  'police-areas': {
    labelPoints: true,
    style(id) {
      return under(
        [
          outline(id, '#1c4f9c', zoomRamp([8, 1.5], [14, 3]), [5, 2.5]),
          areaLabel(id, '#1c4f9c', ['get', 'name'], 9),
        ],
        [`${id}:outline`],
      )
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: '#1c4f9c', width: 2.5, dashed: true },
          },
        ],
      }
    },
  },
  'rescue-districts': {
    labelPoints: true,
    style(id) {
      return under(
        [
          outline(id, '#b02a2a', zoomRamp([8, 1.5], [14, 3]), [1.5, 1.5]),
          areaLabel(id, '#9b2226', ['get', 'name'], 9),
        ],
        [`${id}:outline`],
      )
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.boundary'),
            swatch: { kind: 'line', color: '#b02a2a', width: 2.5, dashed: true },
          },
        ],
      }
    },
  },
  actors: {
    style(id) {
      return top(actorBadges.layers(id))
    },
    legend() {
      return { entries: actorBadges.entries }
    },
  },
  'responsibility-areas': {
    style(id) {
      const src = sourceOf(id)
      const colour = matchColour('actorType', actorTypeColours, '#5c677d')
      // Note: the areas of many actors overlap and together cover the whole municipality, so even a
      // light fill piles up into a wash over the map; they are drawn as outlines, and the fill is only
      // a click target (the selection outline shows the area picked).
      return under(
        [
          { ...src, id: `${id}:fill`, type: 'fill', paint: { 'fill-color': colour, 'fill-opacity': 0 } },
          {
            ...src,
            id: `${id}:outline`,
            type: 'line',
            layout: { 'line-join': 'round' },
            paint: {
              'line-color': colour,
              'line-width': zoomRamp([8, 1.2], [14, 2.4]),
              'line-opacity': 0.9,
              'line-dasharray': [4, 2],
            },
          },
        ],
        [`${id}:fill`],
      )
    },
    legend() {
      return {
        entries: [
          {
            label: messageTerm('legend.responsibility'),
            swatch: { kind: 'fill', color: '#1f5fa8', opacity: 0, outline: '#1f5fa8', dashed: true },
          },
        ],
      }
    },
  },
  'actor-links': {
    style(id) {
      const src = sourceOf(id)
      return under([
        {
          ...src,
          id: `${id}:line`,
          type: 'line',
          layout: { 'line-cap': 'round' },
          paint: {
            'line-color': matchColour('linkType', actorLinkColours, '#5c677d'),
            'line-width': zoomRamp([9, 1], [14, 2.5]),
            'line-opacity': 0.85,
            'line-dasharray': [3, 2],
          },
        },
      ])
    },
    legend() {
      return {
        entries: termsToEntries(actorLinkTerms, (k) => ({
          kind: 'line',
          dashed: true,
          width: 2,
          color: actorLinkColours[k],
        })),
      }
    },
  },
} satisfies Record<LayerIdIn<'actors'>, LayerStyle>
