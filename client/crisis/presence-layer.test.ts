import { describe, expect, it } from 'vitest'
import type { RosterEntry } from '../../common/crisis.ts'
import type { PeerPresence } from '../../common/session-sync.ts'
import { FIRST_ANNOTATION_LABEL_LAYER } from './annotation-style.ts'
import {
  fade,
  isFading,
  LASER_FADE_MS,
  laserDot,
  presenceFeatures,
  presenceLayerPlan,
  trailFeatures,
} from './presence-layer.ts'

const now = 1_000_000
const peer = (p: Partial<PeerPresence> & Pick<PeerPresence, 'userId'>): PeerPresence => ({
  colour: '#1f77b4',
  cursor: null,
  viewport: null,
  laser: null,
  selection: [],
  updatedAt: now,
  laserTrail: [],
  ...p,
})
const roster = new Map<string, RosterEntry>([
  [
    'u1',
    {
      userId: 'u1',
      username: 'polis',
      displayName: 'Polisen Öst',
      organisation: 'Polisen',
      role: 'police',
      sessionRole: 'participant',
      colour: '#1f77b4',
      status: 'online',
    },
  ],
])

describe('fading', () => {
  it('fades linearly over two seconds', () => {
    expect(fade(0)).toBe(1)
    expect(fade(LASER_FADE_MS / 2)).toBeCloseTo(0.5)
    expect(fade(LASER_FADE_MS)).toBe(0)
    expect(fade(LASER_FADE_MS * 3)).toBe(0)
  })

  it('draws the trail as segments, the newest the brightest, the older than two seconds gone', () => {
    const laser = {
      userId: 'u1',
      colour: '#d62728',
      laser: [3, 3] as [number, number],
      laserTrail: [
        { position: [0, 0] as [number, number], at: now - 2_500 },
        { position: [1, 1] as [number, number], at: now - 1_500 },
        { position: [2, 2] as [number, number], at: now - 500 },
        { position: [3, 3] as [number, number], at: now },
      ],
    }
    const segments = trailFeatures(laser, now)
    expect(segments).toHaveLength(2)
    const opacities = segments.map((s) => s.properties?.opacity as number)
    expect(opacities[0]).toBeCloseTo(0.75)
    expect(opacities[1]).toBe(1)
    expect(isFading([laser], now)).toBe(true)
    expect(isFading([laser], now + LASER_FADE_MS)).toBe(false)
  })

  it('keeps the dot lit while the laser is on, and fades it once put away', () => {
    const trail = [{ position: [1, 1] as [number, number], at: now - 5_000 }]
    expect(
      laserDot({ userId: 'u', colour: '#000000', laser: [1, 1], laserTrail: trail }, now)?.properties
        ?.opacity,
    ).toBe(1)
    const away = {
      userId: 'u',
      colour: '#000000',
      laser: null,
      laserTrail: [{ position: [1, 1] as [number, number], at: now - 500 }],
    }
    expect(laserDot(away, now)?.properties?.opacity).toBeCloseTo(0.75)
    expect(laserDot(away, now + LASER_FADE_MS)).toBeNull()
  })
})

describe('presence features', () => {
  it('shows cursors with names, and viewports only on demand', () => {
    const viewport = {
      center: [16.1, 58.6] as [number, number],
      zoom: 13,
      bearing: 0,
      pitch: 0,
      bounds: [16, 58.5, 16.2, 58.7] as [number, number, number, number],
    }
    const peers = new Map([
      ['u1', peer({ userId: 'u1', cursor: [16.1, 58.6], viewport })],
      ['u2', peer({ userId: 'u2', cursor: [16.2, 58.6] })],
    ])
    const hidden = presenceFeatures(peers, roster, { now, showViewports: false })
    expect(hidden.cursors.features.map((f) => f.properties?.name)).toEqual(['Polisen Öst', ''])
    expect(hidden.viewports.features).toEqual([])
    const shown = presenceFeatures(peers, roster, { now, showViewports: true })
    expect(shown.viewports.features.map((f) => f.geometry.type)).toEqual(['LineString', 'Point'])
    expect(shown.viewports.features[1].geometry).toEqual({ type: 'Point', coordinates: [16, 58.7] })
    expect(
      presenceFeatures(peers, roster, { now, showViewports: true, followed: 'u1' }).viewports.features,
    ).toEqual([])
    expect(shown.viewports.features[0].geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [16, 58.5],
        [16.2, 58.5],
        [16.2, 58.7],
        [16, 58.7],
        [16, 58.5],
      ],
    })
  })

  it('draws a laser instead of the cursor, and the own laser too', () => {
    const peers = new Map([
      [
        'u1',
        peer({ userId: 'u1', cursor: [1, 1], laser: [1, 1], laserTrail: [{ position: [1, 1], at: now }] }),
      ],
    ])
    const own = {
      userId: 'me',
      colour: '#2ca02c',
      laser: [2, 2] as [number, number],
      laserTrail: [{ position: [2, 2] as [number, number], at: now }],
    }
    const features = presenceFeatures(peers, roster, { now, showViewports: false, ownLaser: own })
    expect(features.cursors.features).toEqual([])
    expect(features.lasers.features.map((f) => f.properties?.userId)).toEqual(['u1', 'me'])
  })
})

describe('presence layers', () => {
  it("puts others' cursors beneath the annotation labels, their names giving way; lasers on top", () => {
    const plan = new Map(presenceLayerPlan().map((p) => [p.layer.id, p]))
    expect(plan.get('crisis-presence:cursor')?.beneath).toBe(FIRST_ANNOTATION_LABEL_LAYER)
    const name = plan.get('crisis-presence:cursor-name')
    expect(name?.beneath).toBe(FIRST_ANNOTATION_LABEL_LAYER)
    if (!name) throw new Error('no cursor-name layer')
    const layout = (name.layer as { layout: Record<string, unknown> }).layout
    expect(layout['text-allow-overlap']).toBe(false)
    expect(layout['text-ignore-placement']).toBe(true)
    expect(plan.get('crisis-presence:laser')?.beneath).toBeNull()
    expect(plan.get('crisis-presence:viewport')?.beneath).toBeNull()
  })
})
