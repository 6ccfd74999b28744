/**
 * The cascade on the map at one moment of its timeline: a plain object that owns a deck.gl overlay
 * on the MapLibre map. Each affected asset is a dot coloured by its state at t (not yet down, down,
 * past its acceptable outage time, up again), and each asset that is down because of others gets a
 * directed arc from each provider of its lost group, coloured by the resource it lacks.
 */
import { ArcLayer, ScatterplotLayer } from '@deck.gl/layers'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { DownPeriod } from '../../common/cascade.ts'
import type { CascadeAffected, CascadeAnswer } from '../../common/cascade-api.ts'
import type { Resource } from '../../common/domain.ts'
import { resourceColours } from '../layers/palette.ts'

export const CascadeState = {
  waiting: 'waiting',
  down: 'down',
  exceeded: 'exceeded',
  restored: 'restored',
} as const
export type CascadeState = (typeof CascadeState)[keyof typeof CascadeState]

export const stateColours: Record<CascadeState, [number, number, number]> = {
  waiting: [134, 142, 150],
  down: [240, 140, 0],
  exceeded: [201, 42, 42],
  restored: [47, 158, 68],
}

/** The period an asset is in at t, if it is down then. */
export const periodAt = (asset: Pick<CascadeAffected, 'periods'>, t: number): DownPeriod | undefined =>
  asset.periods.find((p) => p.fromHours <= t && (p.toHours === null || t < p.toHours))

/** An asset's state at t on the timeline. */
export function stateAt(asset: CascadeAffected, t: number): CascadeState {
  const period = periodAt(asset, t)
  if (period) {
    const exceeds = asset.exceedsAcceptableOutageAtHours
    return exceeds !== null && exceeds <= t && exceeds >= period.fromHours ? 'exceeded' : 'down'
  }
  return t < asset.downAtHours ? 'waiting' : 'restored'
}

const rgb = (hex: string): [number, number, number] => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
]

interface Arc {
  from: [number, number]
  to: [number, number]
  resource: Resource
}

export class CascadeOverlay {
  private readonly overlay = new MapboxOverlay({ interleaved: false, layers: [] })

  constructor(private readonly map: MapLibreMap) {
    map.addControl(this.overlay)
  }

  /** Draws the answer as it stands at `t` hours. */
  show(answer: CascadeAnswer, t: number): void {
    const byId = new Map(answer.affected.map((a) => [a.assetId, a]))
    const arcs: Arc[] = []
    for (const a of answer.affected) {
      const period = periodAt(a, t)
      if (!period || period.cause === 'outage') continue
      for (const provider of period.cause.providerAssetIds) {
        const from = byId.get(provider)
        if (from) arcs.push({ from: from.position, to: a.position, resource: period.cause.resource })
      }
    }
    this.overlay.setProps({
      layers: [
        new ArcLayer<Arc>({
          id: 'cascade-arcs',
          data: arcs,
          getSourcePosition: (d) => d.from,
          getTargetPosition: (d) => d.to,
          // Note: an arc fades from pale at the provider to full colour at the dependent, so the
          // direction of the need reads without arrowheads.
          getSourceColor: (d) => [...rgb(resourceColours[d.resource]), 90],
          getTargetColor: (d) => [...rgb(resourceColours[d.resource]), 255],
          getWidth: 3,
          getHeight: 0.3,
        }),
        new ScatterplotLayer<CascadeAffected>({
          id: 'cascade-assets',
          data: answer.affected,
          getPosition: (d) => d.position,
          getFillColor: (d) => [...stateColours[stateAt(d, t)], 230],
          getLineColor: (d) => (d.heldDownByCycle ? [134, 46, 156, 255] : [255, 255, 255, 255]),
          getRadius: (d) => (d.styrelClass !== null && d.styrelClass <= 2 ? 9 : 7),
          radiusUnits: 'pixels',
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: (d) => (d.heldDownByCycle ? 3 : 1.5),
          pickable: false,
          updateTriggers: { getFillColor: t },
        }),
      ],
    })
  }

  clear(): void {
    this.overlay.setProps({ layers: [] })
  }

  destroy(): void {
    this.map.removeControl(this.overlay)
  }
}
