/**
 * Log entries pinned to a place, on the session's map: a small marker per entry in its kind's
 * colour, a ring that shows where "show on map" points, and picking a place for a new entry with
 * one click. A plain object over the MapLibre map, like the map controller itself.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import type { LogEntry, LogKind } from '../../common/crisis.ts'
import { keepInstalled } from '../map/keep-installed.ts'

const SOURCE = 'crisis-log-pins'
const FLASH_SOURCE = 'crisis-log-pin-flash'

/** The kinds' colours, the same as the log's badges (crisis.css). */
export const logKindColours: Record<LogKind, string> = {
  situation_report: '#1f63b5',
  decision: '#7048e8',
  task: '#e67700',
  coordination_need: '#0c8599',
  note: '#5d6878',
  escalation: '#c92a2a',
}

const kindColour: unknown[] = ['match', ['get', 'kind']]
for (const [kind, colour] of Object.entries(logKindColours)) kindColour.push(kind, colour)
kindColour.push('#5d6878')

export class LogPins {
  private readonly map: MapLibreMap
  private entries: readonly LogEntry[] = []
  private flashAt: [number, number] | null = null
  private flashTimer: ReturnType<typeof setTimeout> | undefined
  private cancelPick: (() => void) | null = null
  private readonly stopInstalling: () => void

  constructor(map: MapLibreMap) {
    this.map = map
    this.stopInstalling = keepInstalled(map, () => this.install())
  }

  private install(): void {
    const map = this.map
    if (!map.getSource(SOURCE)) map.addSource(SOURCE, { type: 'geojson', data: this.data() })
    if (!map.getSource(FLASH_SOURCE)) map.addSource(FLASH_SOURCE, { type: 'geojson', data: this.flashData() })
    if (!map.getLayer('crisis-log-pin-flash'))
      map.addLayer({
        id: 'crisis-log-pin-flash',
        type: 'circle',
        source: FLASH_SOURCE,
        paint: {
          'circle-radius': 22,
          'circle-color': 'rgba(245, 159, 0, 0.18)',
          'circle-stroke-color': '#f59f00',
          'circle-stroke-width': 3,
        },
      })
    if (!map.getLayer('crisis-log-pins'))
      map.addLayer({
        id: 'crisis-log-pins',
        type: 'circle',
        source: SOURCE,
        paint: {
          'circle-radius': 6,
          'circle-color': kindColour as never,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      })
  }

  private data(): GeoJSON.FeatureCollection {
    return {
      type: 'FeatureCollection',
      features: this.entries
        .filter((e) => e.position)
        .map((e) => ({
          type: 'Feature',
          id: e.version,
          geometry: { type: 'Point', coordinates: e.position as [number, number] },
          properties: { id: e.id, kind: e.kind },
        })),
    }
  }

  private flashData(): GeoJSON.FeatureCollection {
    return {
      type: 'FeatureCollection',
      features: this.flashAt
        ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: this.flashAt }, properties: {} }]
        : [],
    }
  }

  /** The entries to show; those without a place are left out. */
  set(entries: readonly LogEntry[]): void {
    this.entries = entries
    ;(this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(this.data())
  }

  /** Moves the map to a place and rings it for a few seconds. */
  show(position: [number, number]): void {
    this.flashAt = position
    ;(this.map.getSource(FLASH_SOURCE) as GeoJSONSource | undefined)?.setData(this.flashData())
    this.map.flyTo({ center: position, zoom: Math.max(this.map.getZoom(), 15), essential: true })
    clearTimeout(this.flashTimer)
    this.flashTimer = setTimeout(() => {
      this.flashAt = null
      ;(this.map.getSource(FLASH_SOURCE) as GeoJSONSource | undefined)?.setData(this.flashData())
    }, 4000)
  }

  /** Waits for one click on the map; Escape or another pick cancels (null). */
  pick(): Promise<[number, number] | null> {
    this.cancelPick?.()
    const canvas = this.map.getCanvasContainer()
    return new Promise((resolve) => {
      const finish = (position: [number, number] | null) => {
        this.map.off('click', onClick)
        window.removeEventListener('keydown', onKey)
        canvas.classList.remove('is-picking')
        this.cancelPick = null
        resolve(position)
      }
      const onClick = (e: MapMouseEvent) => finish([e.lngLat.lng, e.lngLat.lat])
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'Escape') finish(null)
      }
      this.cancelPick = () => finish(null)
      canvas.classList.add('is-picking')
      this.map.once('click', onClick)
      window.addEventListener('keydown', onKey)
    })
  }

  destroy(): void {
    this.cancelPick?.()
    clearTimeout(this.flashTimer)
    this.stopInstalling()
  }
}
