/**
 * terra-draw on the session map, for the one shape being drawn or edited and nothing else.
 *
 * Note: the annotations themselves are drawn by our own MapLibre layers (annotation-style.ts) from
 * the sync engine's picture, never by terra-draw. terra-draw's store holds at most one feature: the
 * shape the user is drawing now, or the one annotation selected for editing. So remote changes
 * never fight local editing: they re-render our layers, and reach terra-draw only for the selected
 * annotation and only between gestures (`refresh`); a drag in progress wins, and its result is
 * pushed when the gesture ends, after which the room's order decides (last writer wins).
 *
 * A finished drawing is handed over (`drawn`) and removed from terra-draw at once: the optimistic
 * annotation takes its place in our layers. A finished edit gesture (move, reshape, resize, add or
 * delete a vertex) is handed over as `edited`; while a gesture runs, `provisional` shapes let our
 * layers follow the pointer, so a point keeps its symbol while it is dragged.
 */
import type { Geometry } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'
import {
  type GeoJSONStoreFeatures,
  type HexColor,
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { AnnotationRecord } from '../../common/crisis.ts'
import { sameValue } from '../../common/session-sync.ts'
import { toTerraDrawFeature } from './annotation-geometry.ts'

/** The drawing tools and what terra-draw does for each; `text` and `laser` are the map's own. */
export type DrawTool = 'select' | 'point' | 'line' | 'polygon' | 'circle' | 'text' | 'laser'
export type DrawnKind = 'point' | 'line' | 'polygon' | 'circle'

const terraDrawMode: Record<DrawTool, string> = {
  select: 'select',
  point: 'point',
  line: 'linestring',
  polygon: 'polygon',
  circle: 'circle',
  text: 'static',
  laser: 'static',
}
const kindOfMode: Record<string, DrawnKind | undefined> = {
  point: 'point',
  linestring: 'line',
  polygon: 'polygon',
  circle: 'circle',
}

export interface DrawControllerEvents {
  /** A new shape is finished. */
  drawn(kind: DrawnKind, geometry: Geometry): void
  /** An edit gesture on the selected annotation ended with this shape. */
  edited(id: string, geometry: Geometry): void
  /** The selected annotation's shape while a gesture runs (null when it ends). */
  provisional(id: string, geometry: Geometry | null): void
  /** The user let go of the selection in the editor (clicked beside it, pressed Escape). */
  deselected(id: string): void
}

const SELECTION_COLOUR = '#00a6d6' as HexColor

export class DrawController {
  private readonly draw: TerraDraw
  private readonly events: DrawControllerEvents
  private tool: DrawTool = 'select'
  private editing: string | null = null
  private dragging = false
  /** Removing a feature ourselves also deselects it; that is not the user letting go. */
  private quiet = false
  private destroyed = false

  constructor(map: MapLibreMap, events: DrawControllerEvents, options: { belowLayerId?: string } = {}) {
    this.events = events
    const adapter = new TerraDrawMapLibreGLAdapter({
      map,
      renderBelowLayerId: options.belowLayerId,
      prefixId: 'crisis-draw',
    })
    const editable = { midpoints: true, draggable: true, deletable: true }
    this.draw = new TerraDraw({
      adapter,
      // Note: annotation ids are any client UUID; terra-draw's default only takes its own v4 ids.
      idStrategy: {
        isValidId: (id) => typeof id === 'string' && id.length > 0,
        getId: () => crypto.randomUUID(),
      },
      modes: [
        new TerraDrawPointMode({
          styles: { pointColor: SELECTION_COLOUR, pointWidth: 7, pointOutlineWidth: 2 },
        }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: SELECTION_COLOUR, lineStringWidth: 3 } }),
        new TerraDrawPolygonMode({
          validation: (feature, { updateType }) =>
            updateType === 'finish' || updateType === 'commit'
              ? ValidateNotSelfIntersecting(feature)
              : { valid: true },
          styles: {
            fillColor: SELECTION_COLOUR,
            fillOpacity: 0.15,
            outlineColor: SELECTION_COLOUR,
            outlineWidth: 2,
          },
        }),
        new TerraDrawCircleMode({
          styles: {
            fillColor: SELECTION_COLOUR,
            fillOpacity: 0.15,
            outlineColor: SELECTION_COLOUR,
            outlineWidth: 2,
          },
        }),
        new TerraDrawSelectMode({
          flags: {
            point: { feature: { draggable: true } },
            linestring: { feature: { draggable: true, coordinates: editable } },
            polygon: { feature: { draggable: true, coordinates: editable } },
            circle: {
              feature: { draggable: true, coordinates: { draggable: true, resizable: 'center-fixed' } },
            },
          },
          // Deleting goes through the session (undoable, shared); Escape lets go of the selection.
          keyEvents: { deselect: 'Escape', delete: null, rotate: null, scale: null },
          styles: {
            selectedPolygonColor: SELECTION_COLOUR,
            selectedPolygonFillOpacity: 0.08,
            selectedPolygonOutlineColor: SELECTION_COLOUR,
            selectedPolygonOutlineWidth: 2,
            selectedLineStringColor: SELECTION_COLOUR,
            selectedLineStringWidth: 2,
            selectedPointColor: '#ffffff' as HexColor,
            selectedPointOpacity: 0.01,
            selectedPointWidth: 18,
            selectedPointOutlineColor: SELECTION_COLOUR,
            selectedPointOutlineWidth: 3,
            selectionPointColor: '#ffffff' as HexColor,
            selectionPointOutlineColor: SELECTION_COLOUR,
            selectionPointWidth: 5,
            selectionPointOutlineWidth: 2,
            midPointColor: SELECTION_COLOUR,
            midPointOutlineColor: '#ffffff' as HexColor,
            midPointWidth: 3.5,
          },
        }),
      ],
    })
    this.draw.start()
    this.draw.setMode('select')
    this.draw.on('finish', (id, context) => this.onFinish(String(id), context.mode))
    this.draw.on('change', (ids, type, context) =>
      this.onChange(ids.map(String), type, context !== undefined && 'origin' in context),
    )
    this.draw.on('deselect', (id) => this.onDeselect(String(id)))
  }

  setTool(tool: DrawTool): void {
    if (tool === this.tool) return
    this.tool = tool
    if (tool !== 'select') this.edit(null)
    // Note: a half-drawn shape is dropped when the tool changes; terra-draw keeps it otherwise.
    this.clearDrawing()
    this.draw.setMode(terraDrawMode[tool])
  }

  /** Puts one annotation into the editor with its handles (null: none). */
  edit(record: AnnotationRecord | null): void {
    if (record && record.id === this.editing) {
      this.refresh(record)
      return
    }
    this.stopEditing()
    if (!record) return
    this.editing = record.id
    const feature = toTerraDrawFeature(record)
    // A shape terra-draw cannot edit (a multipolygon) stays selected in our layers only.
    if (!feature || this.tool !== 'select') return
    const [result] = this.draw.addFeatures([feature as GeoJSONStoreFeatures])
    if (!result?.valid) return
    this.quietly(() => this.draw.selectFeature(record.id))
  }

  /** The selected annotation changed in the room: show its new shape unless a gesture is running. */
  refresh(record: AnnotationRecord): void {
    if (record.id !== this.editing || this.dragging || !this.draw.hasFeature(record.id)) return
    const current = this.draw.getSnapshotFeature(record.id)
    if (current && sameValue(current.geometry, record.geometry)) return
    const feature = toTerraDrawFeature(record)
    if (!feature) return
    this.quietly(() => {
      this.draw.updateFeatureGeometry(record.id, feature.geometry as GeoJSONStoreFeatures['geometry'])
      if (typeof feature.properties.radiusKilometers === 'number')
        this.draw.updateFeatureProperties(record.id, {
          radiusKilometers: feature.properties.radiusKilometers,
        })
    })
  }

  editingId(): string | null {
    return this.editing
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.quietly(() => this.draw.stop())
  }

  private stopEditing(): void {
    const id = this.editing
    this.editing = null
    this.dragging = false
    if (id && this.draw.hasFeature(id)) this.quietly(() => this.draw.removeFeatures([id]))
  }

  private clearDrawing(): void {
    const leftovers = this.draw
      .getSnapshot()
      .map((f) => String(f.id))
      .filter((id) => id !== this.editing)
    if (leftovers.length) this.quietly(() => this.draw.removeFeatures(leftovers))
  }

  private quietly(action: () => void): void {
    this.quiet = true
    try {
      action()
    } finally {
      this.quiet = false
    }
  }

  private onFinish(id: string, mode: string): void {
    const feature = this.draw.getSnapshotFeature(id)
    if (!feature) return
    const geometry = feature.geometry as Geometry
    if (mode === 'select') {
      this.dragging = false
      this.events.provisional(id, null)
      this.events.edited(id, geometry)
      return
    }
    const kind = kindOfMode[mode]
    if (!kind) return
    // Note: terra-draw is still inside its own event handling here; the feature goes a moment later.
    queueMicrotask(() => {
      if (!this.destroyed && this.draw.hasFeature(id)) this.quietly(() => this.draw.removeFeatures([id]))
    })
    this.events.drawn(kind, geometry)
  }

  private onChange(ids: string[], type: string, fromApi: boolean): void {
    if (this.quiet || fromApi || type !== 'update' || this.tool !== 'select') return
    const id = this.editing
    if (!id || !ids.includes(id)) return
    const feature = this.draw.getSnapshotFeature(id)
    if (!feature) return
    this.dragging = true
    this.events.provisional(id, feature.geometry as Geometry)
  }

  private onDeselect(id: string): void {
    if (this.quiet || id !== this.editing) return
    this.dragging = false
    this.events.deselected(id)
  }
}
