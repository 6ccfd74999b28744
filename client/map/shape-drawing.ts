/**
 * Drawing one area on a map with terra-draw, for forms that need a place (an action-plan measure's
 * area): start it, the user clicks the corners and closes the shape, and the finished polygon is
 * handed over; self-intersecting shapes are refused while drawing. A plain object: the form owns it
 * and stops it when it goes.
 *
 * ```ts
 * const drawing = new ShapeDrawing(map, (polygon) => setPlace(polygon))
 * drawing.start()
 * drawing.stop()
 * ```
 */
import type { Polygon } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { TerraDraw, TerraDrawPolygonMode, ValidateNotSelfIntersecting } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'

export class ShapeDrawing {
  private draw: TerraDraw | null = null

  constructor(
    private readonly map: MapLibreMap,
    private readonly onDrawn: (polygon: Polygon) => void,
    private readonly colour: `#${string}` = '#1c7ed6',
  ) {}

  get active(): boolean {
    return this.draw !== null
  }

  start(): void {
    if (this.draw) return
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: this.map }),
      modes: [
        new TerraDrawPolygonMode({
          validation: (feature) => ValidateNotSelfIntersecting(feature),
          styles: {
            fillColor: this.colour,
            fillOpacity: 0.15,
            outlineColor: this.colour,
            outlineWidth: 2,
            closingPointColor: this.colour,
          },
        }),
      ],
    })
    draw.start()
    draw.setMode('polygon')
    draw.on('finish', (id) => {
      const feature = draw.getSnapshot().find((f) => f.id === id)
      if (feature?.geometry.type !== 'Polygon') return
      this.onDrawn(feature.geometry as Polygon)
      // Note: the form shows the place from here on; terra-draw holds nothing once it is handed over.
      draw.clear()
    })
    this.draw = draw
  }

  stop(): void {
    if (!this.draw) return
    this.draw.stop()
    this.draw = null
  }
}
