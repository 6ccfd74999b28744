/**
 * Others on the map: their cursors (a dot in their colour with their name), the outlines of what
 * they see (on demand), and laser pointers, a glowing dot with a trail that fades over about two
 * seconds. The features are computed by pure functions from the sync engine's presence; the layer
 * object only hands them to MapLibre and keeps the fading moving while a trail is visible.
 */
import type { Feature, FeatureCollection } from 'geojson'
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import type { RosterEntry } from '../../common/crisis.ts'
import type { PeerPresence } from '../../common/session-sync.ts'
import { mapFonts } from '../map/fonts.ts'
import { FIRST_ANNOTATION_LABEL_LAYER } from './annotation-style.ts'

export const LASER_FADE_MS = 2_000
const FADE_FRAME_MS = 40

const CURSORS = 'crisis-presence-cursors'
const VIEWPORTS = 'crisis-presence-viewports'
const TRAILS = 'crisis-presence-trails'
const LASERS = 'crisis-presence-lasers'

/** A laser as it is drawn: whose, where it is now, and where it was lately. */
export interface LaserState {
  userId: string
  colour: string
  laser: [number, number] | null
  laserTrail: readonly { position: [number, number]; at: number }[]
}

export interface PresenceFeatureOptions {
  now: number
  showViewports: boolean
  /** Whose viewport not to outline: the presenter this map follows (its outline is the screen's edge). */
  followed?: string | null
  fadeMs?: number
  /** This user's own laser, drawn locally at once (the room does not echo it back). */
  ownLaser?: LaserState | null
}

/** 1 for something just seen, falling linearly to 0 at `fadeMs`. */
export function fade(age: number, fadeMs = LASER_FADE_MS): number {
  if (age <= 0) return 1
  return Math.max(0, 1 - age / fadeMs)
}

/** The trail as short segments, each as opaque as its newer end is fresh. */
export function trailFeatures(laser: LaserState, now: number, fadeMs = LASER_FADE_MS): Feature[] {
  const features: Feature[] = []
  const trail = laser.laserTrail.filter((p) => now - p.at < fadeMs)
  for (let i = 1; i < trail.length; i++) {
    const opacity = fade(now - trail[i].at, fadeMs)
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [trail[i - 1].position, trail[i].position] },
      properties: { userId: laser.userId, colour: laser.colour, opacity, width: 2 + 4 * opacity },
    })
  }
  return features
}

/**
 * The laser's dot: fully lit while the laser is on (a pointer held still keeps pointing), fading
 * from its last position once it is put away.
 */
export function laserDot(laser: LaserState, now: number, fadeMs = LASER_FADE_MS): Feature | null {
  const last = laser.laserTrail.at(-1)
  const position = laser.laser ?? last?.position
  if (!position) return null
  const opacity = laser.laser ? 1 : last ? fade(now - last.at, fadeMs) : 0
  if (opacity <= 0) return null
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: position },
    properties: { userId: laser.userId, colour: laser.colour, opacity },
  }
}

/** Whether anything is still fading, so the layer keeps redrawing. */
export function isFading(lasers: Iterable<LaserState>, now: number, fadeMs = LASER_FADE_MS): boolean {
  for (const laser of lasers) if (laser.laserTrail.some((p) => now - p.at < fadeMs)) return true
  return false
}

export function presenceFeatures(
  peers: ReadonlyMap<string, PeerPresence>,
  roster: ReadonlyMap<string, RosterEntry>,
  options: PresenceFeatureOptions,
): {
  cursors: FeatureCollection
  viewports: FeatureCollection
  trails: FeatureCollection
  lasers: FeatureCollection
} {
  const fadeMs = options.fadeMs ?? LASER_FADE_MS
  const cursors: Feature[] = []
  const viewports: Feature[] = []
  const trails: Feature[] = []
  const lasers: Feature[] = []
  const name = (userId: string) => roster.get(userId)?.displayName ?? ''
  const allLasers: LaserState[] = [...peers.values()]
  if (options.ownLaser) allLasers.push(options.ownLaser)
  for (const peer of peers.values()) {
    if (peer.cursor && !peer.laser)
      cursors.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: peer.cursor },
        properties: { userId: peer.userId, colour: peer.colour, name: name(peer.userId) },
      })
    if (options.showViewports && peer.viewport && peer.userId !== options.followed) {
      const [w, s, e, n] = peer.viewport.bounds
      const properties = { userId: peer.userId, colour: peer.colour, name: name(peer.userId) }
      viewports.push({
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        },
        properties,
      })
      // One name per outline, at its top-left corner, rather than repeated along every edge.
      viewports.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [w, n] }, properties })
    }
  }
  for (const laser of allLasers) {
    trails.push(...trailFeatures(laser, options.now, fadeMs))
    const dot = laserDot(laser, options.now, fadeMs)
    if (dot) lasers.push(dot)
  }
  const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })
  return {
    cursors: collection(cursors),
    viewports: collection(viewports),
    trails: collection(trails),
    lasers: collection(lasers),
  }
}

function presenceLayers(): LayerSpecification[] {
  return [
    {
      id: 'crisis-presence:viewport',
      type: 'line',
      source: VIEWPORTS,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-join': 'miter' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': 2.5, 'line-dasharray': [3, 2] },
    },
    {
      id: 'crisis-presence:viewport-name',
      type: 'symbol',
      source: VIEWPORTS,
      filter: ['==', ['geometry-type'], 'Point'],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [...mapFonts.semibold],
        'text-size': 12,
        'text-anchor': 'top-left',
        'text-offset': [0.4, 0.3],
        'text-allow-overlap': true,
      },
      paint: { 'text-color': ['get', 'colour'], 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
    {
      id: 'crisis-presence:trail-glow',
      type: 'line',
      source: TRAILS,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['get', 'colour'],
        'line-width': ['*', ['get', 'width'], 3],
        'line-blur': 3,
        'line-opacity': ['*', 0.7, ['get', 'opacity']],
      },
    },
    {
      id: 'crisis-presence:trail',
      type: 'line',
      source: TRAILS,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#ffffff',
        'line-width': ['/', ['get', 'width'], 2],
        'line-opacity': ['get', 'opacity'],
      },
    },
    {
      id: 'crisis-presence:laser-glow',
      type: 'circle',
      source: LASERS,
      paint: {
        'circle-radius': 22,
        'circle-color': ['get', 'colour'],
        'circle-blur': 0.8,
        'circle-opacity': ['*', 0.9, ['get', 'opacity']],
      },
    },
    {
      id: 'crisis-presence:laser',
      type: 'circle',
      source: LASERS,
      paint: {
        'circle-radius': 6,
        'circle-color': '#ffffff',
        'circle-opacity': ['get', 'opacity'],
        'circle-stroke-color': ['get', 'colour'],
        'circle-stroke-width': 2,
        'circle-stroke-opacity': ['get', 'opacity'],
      },
    },
    {
      id: 'crisis-presence:cursor',
      type: 'circle',
      source: CURSORS,
      paint: {
        'circle-radius': 6,
        'circle-color': ['get', 'colour'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'crisis-presence:cursor-name',
      type: 'symbol',
      source: CURSORS,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [...mapFonts.semibold],
        'text-size': 11,
        'text-anchor': 'left',
        'text-offset': [0.9, 0.6],
        // Note: a name gives way to the annotations' labels (it shows again as the cursor moves on)
        // and never pushes one of them aside.
        'text-allow-overlap': false,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff', 'text-halo-color': ['get', 'colour'], 'text-halo-width': 2.5 },
    },
  ]
}

/** Cursors and their names, drawn beneath the annotations' labels. */
const beneathLabels: ReadonlySet<string> = new Set(['crisis-presence:cursor', 'crisis-presence:cursor-name'])

/**
 * Where each presence layer goes: others' cursors beneath the annotation labels, so what staff wrote
 * stays readable; viewports, trails and lasers on top, since pointing at something is their purpose.
 */
export function presenceLayerPlan(): { layer: LayerSpecification; beneath: string | null }[] {
  return presenceLayers().map((layer) => ({
    layer,
    beneath: beneathLabels.has(layer.id) ? FIRST_ANNOTATION_LABEL_LAYER : null,
  }))
}

/** The presence layers on one map; `set` after each presence change, it animates fades itself. */
export class PresenceLayer {
  private readonly map: MapLibreMap
  private peers: ReadonlyMap<string, PeerPresence> = new Map()
  private roster: ReadonlyMap<string, RosterEntry> = new Map()
  private showViewports = false
  private followed: string | null = null
  private ownLaser: LaserState | null = null
  private frame: number | undefined
  private readonly onStyle = () => this.install()

  /** Call `install` once the map has loaded; the layer puts itself back after a style change. */
  constructor(map: MapLibreMap) {
    this.map = map
    map.on('style.load', this.onStyle)
  }

  /** The first presence layer: terra-draw draws below it, so cursors stay on top. */
  static readonly firstLayerId = 'crisis-presence:viewport'

  set(
    peers: ReadonlyMap<string, PeerPresence>,
    roster: ReadonlyMap<string, RosterEntry>,
    followed: string | null = null,
  ): void {
    this.peers = peers
    this.roster = roster
    this.followed = followed
    this.render()
  }

  setShowViewports(show: boolean): void {
    this.showViewports = show
    this.render()
  }

  setOwnLaser(laser: LaserState | null): void {
    this.ownLaser = laser
    this.render()
  }

  destroy(): void {
    if (this.frame !== undefined) clearTimeout(this.frame)
    this.map.off('style.load', this.onStyle)
    if (!this.map.getStyle()) return
    for (const layer of presenceLayers()) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id)
    for (const source of [CURSORS, VIEWPORTS, TRAILS, LASERS])
      if (this.map.getSource(source)) this.map.removeSource(source)
  }

  install(): void {
    for (const source of [CURSORS, VIEWPORTS, TRAILS, LASERS])
      if (!this.map.getSource(source))
        this.map.addSource(source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    for (const { layer, beneath } of presenceLayerPlan()) {
      if (this.map.getLayer(layer.id)) continue
      this.map.addLayer(layer, beneath && this.map.getLayer(beneath) ? beneath : undefined)
    }
    this.render()
  }

  /** While only the lasers fade, only their two sources are redrawn, about 25 times a second. */
  private render(fadingOnly = false): void {
    if (!this.map.getSource(CURSORS)) return
    const now = Date.now()
    const features = presenceFeatures(this.peers, this.roster, {
      now,
      showViewports: this.showViewports,
      followed: this.followed,
      ownLaser: this.ownLaser,
    })
    const put = (id: string, data: FeatureCollection) =>
      (this.map.getSource(id) as GeoJSONSource | undefined)?.setData(data)
    if (!fadingOnly) {
      put(CURSORS, features.cursors)
      put(VIEWPORTS, features.viewports)
    }
    put(TRAILS, features.trails)
    put(LASERS, features.lasers)
    const lasers: LaserState[] = [...this.peers.values()]
    if (this.ownLaser) lasers.push(this.ownLaser)
    if (this.frame === undefined && isFading(lasers, now))
      this.frame = window.setTimeout(() => {
        this.frame = undefined
        this.render(true)
      }, FADE_FRAME_MS)
  }
}
