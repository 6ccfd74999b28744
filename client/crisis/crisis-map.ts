/**
 * The session map: live annotations, drawing and editing, others' presence, following the
 * presenter, and read-only pictures for replay. A plain object over the MapController's MapLibre
 * map and the session's SessionSync; React mounts it and talks to it through this API.
 *
 * ```ts
 * const crisisMap = createCrisisMap(controller, sync, { t, lang, readOnly: !session.rights.draw })
 * crisisMap.on('selection', (ids) => setSelected(ids))      // open the annotation editor panel
 * crisisMap.on('tool', (tool) => setTool(tool))             // keep the toolbar in step
 * crisisMap.on('follow', (on) => setFollowing(on))          // false when a pan stopped following
 * crisisMap.on('drawn', (id) => ...)                        // a shape was just drawn (e.g. ask for a label)
 * crisisMap.setTool('polygon')     // 'select' | 'point' | 'line' | 'polygon' | 'circle' | 'text' | 'laser'
 * crisisMap.setSymbol('shelter')   // the crisis symbol new points get
 * crisisMap.setStyle({ color: '#1971c2', width: 3, fillOpacity: 0.2, fontSize: 16 })  // for new shapes
 * crisisMap.selected()             // [id] or []
 * crisisMap.select(id | null)
 * crisisMap.updateSelected({ label: 'Avspärrat', note: '...', color: '#e03131' })  // undefined removes a property
 * crisisMap.deleteSelected(); crisisMap.undo(); crisisMap.redo()
 * crisisMap.setShowViewports(true); crisisMap.setFollow(true); crisisMap.setLaser(true)
 * crisisMap.highlight(diffAnnotations(before, after))      // halos: added green, changed amber, removed red
 * crisisMap.showState(stateAt(history, seq))               // replay: that picture, read-only; null: live
 * crisisMap.fitAnnotations()
 * crisisMap.setReadOnly(closed || observer); crisisMap.setLanguage(t, lang)
 * crisisMap.destroy()
 * ```
 *
 * Keys while the map has focus: Delete/Backspace deletes the selection, Escape lets go of it or
 * cancels a text, Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes. Double-clicking a text
 * label edits its text.
 *
 * Decisions:
 * - Annotations are drawn by our own MapLibre layers from the sync engine's visible picture;
 *   terra-draw only holds the shape being drawn or the one being edited (see draw-controller.ts).
 * - Following the presenter moves this map to the presenter's viewport whenever it changes. A pan,
 *   zoom or rotation by the user stops following at once (the map never pulls against the hand)
 *   and says so with `follow: false`; the toolbar's toggle starts it again.
 * - The hover card shows the label, the symbol, the note, who drew it and when, and who changed it
 *   last; names come from the roster (display names), falling back to the username.
 */
import type { Geometry } from 'geojson'
import maplibregl, { type GeoJSONSource, type MapLayerMouseEvent, type MapMouseEvent } from 'maplibre-gl'
import type {
  AnnotationDiff,
  AnnotationProperties,
  AnnotationRecord,
  CrisisSymbol,
  SessionState,
  Viewport,
} from '../../common/crisis.ts'
import { participantColour } from '../../common/crisis.ts'
import type { SessionSync } from '../../common/session-sync.ts'
import type { Language, MessageKey } from '../i18n/dictionary.ts'
import type { MapController } from '../map/map-controller.ts'
import { editedDraft, labelPosition } from './annotation-geometry.ts'
import {
  ANNOTATION_LABEL_SOURCE,
  ANNOTATION_SOURCE,
  type AnnotationStyle,
  annotationFeatures,
  annotationLayers,
  defaultStyle,
  HIGHLIGHT_SOURCE,
  highlightFeatures,
  interactiveAnnotationLayers,
  styleProperties,
} from './annotation-style.ts'
import { symbolName } from './crisis-symbols.ts'
import { DrawController, type DrawnKind, type DrawTool } from './draw-controller.ts'
import { LASER_FADE_MS, type LaserState, PresenceLayer } from './presence-layer.ts'
import { formatWhen } from './session-format.ts'
import './crisis-map.css'

export type CrisisTool = DrawTool
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export interface CrisisMapOptions {
  t: Translate
  lang: Language
  /** Observers and closed sessions look and point (laser) but do not draw. */
  readOnly?: boolean
}

export interface CrisisMapEvents {
  selection: (ids: readonly string[]) => void
  tool: (tool: CrisisTool) => void
  follow: (following: boolean) => void
  drawn: (id: string) => void
}

export interface CrisisMap {
  setTool(tool: CrisisTool): void
  tool(): CrisisTool
  setSymbol(symbol: CrisisSymbol): void
  setStyle(style: Partial<AnnotationStyle>): void
  style(): AnnotationStyle
  selected(): string[]
  select(id: string | null): void
  updateSelected(patch: Partial<Record<keyof AnnotationProperties, unknown>>): void
  deleteSelected(): void
  undo(): void
  redo(): void
  setShowViewports(show: boolean): void
  setFollow(follow: boolean): void
  following(): boolean
  setLaser(on: boolean): void
  highlight(diff: AnnotationDiff | null): void
  showState(state: SessionState | null): void
  fitAnnotations(): void
  setReadOnly(readOnly: boolean): void
  setLanguage(t: Translate, lang: Language): void
  on<K extends keyof CrisisMapEvents>(event: K, listener: CrisisMapEvents[K]): () => void
  destroy(): void
}

export function createCrisisMap(
  controller: MapController,
  sync: SessionSync,
  options: CrisisMapOptions,
): CrisisMap {
  return new SessionMap(controller, sync, options)
}

const DRAWING_TOOLS: ReadonlySet<CrisisTool> = new Set(['point', 'line', 'polygon', 'circle', 'text'])

class SessionMap implements CrisisMap {
  private readonly controller: MapController
  private readonly map: maplibregl.Map
  private readonly sync: SessionSync
  private t: Translate
  private lang: Language
  private readOnly: boolean

  private currentTool: CrisisTool = 'select'
  private symbol: CrisisSymbol = 'hazard'
  private currentStyle: AnnotationStyle = { ...defaultStyle }
  private selectedId: string | null = null
  private readonly provisional = new Map<string, Geometry>()
  private replay: SessionState | null = null
  private highlighted: AnnotationDiff | null = null
  private follow = false
  private lastFollowed: Viewport | null = null
  private ownLaser: LaserState
  private draw: DrawController | null = null
  private presence: PresenceLayer | null = null
  private renderFrame: number | undefined
  private hoverId: string | null = null
  private readonly card: maplibregl.Popup
  private textEditor: maplibregl.Popup | null = null
  private readonly cleanups: Array<() => void> = []
  private readonly listeners: { [K in keyof CrisisMapEvents]: Set<CrisisMapEvents[K]> } = {
    selection: new Set(),
    tool: new Set(),
    follow: new Set(),
    drawn: new Set(),
  }
  private destroyed = false

  constructor(controller: MapController, sync: SessionSync, options: CrisisMapOptions) {
    this.controller = controller
    this.map = controller.map
    this.sync = sync
    this.t = options.t
    this.lang = options.lang
    this.readOnly = options.readOnly ?? false
    const me = sync.user.userId
    this.ownLaser = { userId: me, colour: participantColour(me), laser: null, laserTrail: [] }
    this.card = new maplibregl.Popup({
      closeButton: false,
      closeOnClick: false,
      className: 'crisis-annotation-card',
      offset: 16,
      maxWidth: '280px',
    })

    const onStyle = () => this.install()
    this.map.on('style.load', onStyle)
    this.cleanups.push(() => this.map.off('style.load', onStyle))
    // Note: not `isStyleLoaded()`, which is false while any tile loads; the controller knows `load`.
    if (controller.isLoaded) this.install()
    else this.map.once('load', onStyle)

    this.cleanups.push(
      sync.on('annotations', (annotations, changed) => this.onAnnotations(annotations, changed)),
      sync.on('presence', () => this.onPresence()),
      sync.on('roster', () => this.onPresence()),
      sync.on('presenter', () => this.applyFollow()),
    )
    this.listen('mousemove', (e) => this.onPointerMove(e))
    this.listen('mouseout', () => this.onPointerOut())
    this.listen('click', (e) => this.onClick(e))
    this.listen('dblclick', (e) => this.onDoubleClick(e))
    this.listen('move', () => this.sendViewport())
    this.listen('movestart', (e: { originalEvent?: Event }) => {
      if (this.follow && e.originalEvent) this.setFollow(false)
    })
    const container = this.map.getContainer()
    const onKey = (e: KeyboardEvent) => this.onKey(e)
    container.addEventListener('keydown', onKey)
    this.cleanups.push(() => container.removeEventListener('keydown', onKey))
    this.sendViewport()
  }

  // -------------------------------------------------------------------------------------------
  // Setup

  private listen<E extends 'mousemove' | 'mouseout' | 'click' | 'dblclick' | 'move' | 'movestart'>(
    event: E,
    handler: (e: MapMouseEvent & { originalEvent?: Event }) => void,
  ): void {
    const h = handler as (e: unknown) => void
    this.map.on(event, h)
    this.cleanups.push(() => this.map.off(event, h))
  }

  private install(): void {
    if (this.destroyed) return
    const map = this.map
    const empty = { type: 'FeatureCollection' as const, features: [] }
    for (const id of [ANNOTATION_SOURCE, ANNOTATION_LABEL_SOURCE, HIGHLIGHT_SOURCE])
      if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: empty })
    for (const layer of annotationLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer)
    if (!this.presence) this.presence = new PresenceLayer(map)
    this.presence.install()
    if (!this.draw)
      this.draw = new DrawController(
        map,
        {
          drawn: (kind, geometry) => this.onDrawn(kind, geometry),
          edited: (id, geometry) => this.onEdited(id, geometry),
          provisional: (id, geometry) => {
            if (geometry) this.provisional.set(id, geometry)
            else this.provisional.delete(id)
            this.scheduleRender()
          },
          deselected: (id) => {
            // Note: terra-draw is inside its own click handling; the editor lets go a moment later.
            if (id === this.selectedId) queueMicrotask(() => this.select(null))
          },
        },
        { belowLayerId: PresenceLayer.firstLayerId },
      )
    this.draw.setTool(this.effectiveTool())
    this.render()
    this.onPresence()
    this.highlight(this.highlighted)
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    if (this.renderFrame !== undefined) cancelAnimationFrame(this.renderFrame)
    for (const cleanup of this.cleanups.splice(0)) cleanup()
    this.card.remove()
    this.textEditor?.remove()
    this.draw?.destroy()
    this.presence?.destroy()
    this.controller.holdPointer(false)
    this.sync.setLaser(null)
    try {
      for (const layer of annotationLayers()) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id)
      for (const id of [ANNOTATION_SOURCE, ANNOTATION_LABEL_SOURCE, HIGHLIGHT_SOURCE])
        if (this.map.getSource(id)) this.map.removeSource(id)
    } catch {
      // The map itself is gone already (React unmounts the map and this together); nothing to remove.
    }
    for (const set of Object.values(this.listeners)) set.clear()
  }

  on<K extends keyof CrisisMapEvents>(event: K, listener: CrisisMapEvents[K]): () => void {
    this.listeners[event].add(listener)
    return () => {
      this.listeners[event].delete(listener)
    }
  }

  private emit<K extends keyof CrisisMapEvents>(event: K, ...args: Parameters<CrisisMapEvents[K]>): void {
    for (const listener of [...this.listeners[event]])
      (listener as (...a: Parameters<CrisisMapEvents[K]>) => void)(...args)
  }

  // -------------------------------------------------------------------------------------------
  // Tools and style

  setTool(tool: CrisisTool): void {
    if (this.readOnly && DRAWING_TOOLS.has(tool)) return
    if (tool === this.currentTool) return
    if (this.currentTool === 'laser') this.putLaserAway()
    this.currentTool = tool
    this.closeTextEditor()
    this.hoverId = null
    this.card.remove()
    if (tool !== 'select') this.select(null)
    this.draw?.setTool(this.effectiveTool())
    this.controller.holdPointer(tool !== 'select')
    this.map.getCanvas().style.cursor = tool === 'text' || tool === 'laser' ? 'crosshair' : ''
    this.emit('tool', tool)
  }

  /** While a past picture is shown, nothing is drawn or edited. */
  private effectiveTool(): CrisisTool {
    return this.replay ? (this.currentTool === 'laser' ? 'laser' : 'select') : this.currentTool
  }

  tool(): CrisisTool {
    return this.currentTool
  }

  setSymbol(symbol: CrisisSymbol): void {
    this.symbol = symbol
  }

  setStyle(style: Partial<AnnotationStyle>): void {
    this.currentStyle = { ...this.currentStyle, ...style }
  }

  style(): AnnotationStyle {
    return { ...this.currentStyle }
  }

  setLaser(on: boolean): void {
    this.setTool(on ? 'laser' : 'select')
  }

  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly
    if (readOnly && DRAWING_TOOLS.has(this.currentTool)) this.setTool('select')
    if (readOnly && this.selectedId) this.select(this.selectedId)
  }

  setLanguage(t: Translate, lang: Language): void {
    this.t = t
    this.lang = lang
    if (this.hoverId) this.showCard(this.hoverId, this.card.getLngLat())
  }

  // -------------------------------------------------------------------------------------------
  // Selection and edits

  selected(): string[] {
    return this.selectedId ? [this.selectedId] : []
  }

  select(id: string | null): void {
    const record = id ? this.records().get(id) : undefined
    const next = record ? record.id : null
    const changed = next !== this.selectedId
    this.selectedId = next
    if (next && next === this.hoverId) {
      this.hoverId = null
      this.card.remove()
    }
    const editable = !this.readOnly && !this.replay && this.currentTool === 'select'
    this.draw?.edit(record && editable ? record : null)
    this.provisional.clear()
    if (changed) {
      this.scheduleRender()
      this.sync.updatePresence({ selection: this.selected() })
      this.emit('selection', this.selected())
    }
  }

  updateSelected(patch: Partial<Record<keyof AnnotationProperties, unknown>>): void {
    const record = this.editableSelection()
    if (!record) return
    const properties: Record<string, unknown> = { ...record.properties }
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') delete properties[key]
      else properties[key] = value
    }
    this.sync.push({
      put: [
        {
          id: record.id,
          kind: record.kind,
          geometry: record.geometry,
          properties: properties as AnnotationProperties,
        },
      ],
    })
  }

  deleteSelected(): void {
    const record = this.editableSelection()
    if (!record) return
    this.select(null)
    this.sync.remove([record.id])
  }

  undo(): void {
    if (!this.readOnly && !this.replay) this.sync.undo()
  }

  redo(): void {
    if (!this.readOnly && !this.replay) this.sync.redo()
  }

  private editableSelection(): AnnotationRecord | null {
    if (this.readOnly || this.replay || !this.selectedId) return null
    return this.sync.annotations().get(this.selectedId) ?? null
  }

  private onDrawn(kind: DrawnKind, geometry: Geometry): void {
    if (this.readOnly || this.replay) return
    const id = crypto.randomUUID()
    const properties = styleProperties(this.currentStyle, kind)
    if (kind === 'point') properties.symbol = this.symbol
    this.sync.push({ put: [editedDraft({ id, kind, properties }, geometry)] })
    this.emit('drawn', id)
  }

  private onEdited(id: string, geometry: Geometry): void {
    this.provisional.delete(id)
    const record = this.sync.annotations().get(id)
    if (!record || this.readOnly || this.replay) return
    this.sync.push({ put: [editedDraft(record, geometry)] })
  }

  // -------------------------------------------------------------------------------------------
  // Text labels

  private openTextEditor(at: maplibregl.LngLat, record?: AnnotationRecord): void {
    this.closeTextEditor()
    const form = document.createElement('form')
    form.className = 'crisis-text-editor'
    const input = document.createElement('input')
    input.type = 'text'
    input.maxLength = 200
    input.value = record?.properties.text ?? ''
    input.placeholder = this.t('crisis.map.textPlaceholder')
    input.setAttribute('aria-label', this.t('crisis.map.textLabel'))
    form.append(input)
    const popup = new maplibregl.Popup({
      closeButton: false,
      closeOnClick: true,
      className: 'crisis-text-popup',
    })
      .setLngLat(at)
      .setDOMContent(form)
      .addTo(this.map)
    this.textEditor = popup
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      const text = input.value.trim()
      this.closeTextEditor()
      if (!text || this.readOnly || this.replay) return
      if (record) {
        const current = this.sync.annotations().get(record.id)
        if (current)
          this.sync.push({
            put: [{ ...editedDraft(current, current.geometry), properties: { ...current.properties, text } }],
          })
        return
      }
      const id = crypto.randomUUID()
      const properties = { ...styleProperties(this.currentStyle, 'text'), text }
      this.sync.push({
        put: [{ id, kind: 'text', geometry: { type: 'Point', coordinates: [at.lng, at.lat] }, properties }],
      })
      this.emit('drawn', id)
    })
    input.addEventListener('keydown', (e) => {
      e.stopPropagation()
      if (e.key === 'Escape') this.closeTextEditor()
    })
    queueMicrotask(() => input.focus())
  }

  private closeTextEditor(): void {
    const editor = this.textEditor
    this.textEditor = null
    editor?.remove()
  }

  // -------------------------------------------------------------------------------------------
  // Pointer, keys

  private annotationAt(e: MapMouseEvent): string | null {
    const layers = interactiveAnnotationLayers.filter((id) => this.map.getLayer(id))
    if (!layers.length) return null
    const { x, y } = e.point
    const hits = this.map.queryRenderedFeatures(
      [
        [x - 4, y - 4],
        [x + 4, y + 4],
      ],
      { layers: [...layers] },
    )
    // Note: points and texts lie above areas; the topmost rendered hit is the one the user means.
    const id = hits[0]?.properties?.id
    return typeof id === 'string' ? id : null
  }

  private onPointerMove(e: MapLayerMouseEvent | MapMouseEvent): void {
    const position: [number, number] = [e.lngLat.lng, e.lngLat.lat]
    if (this.currentTool === 'laser') {
      this.sync.updatePresence({ cursor: position, laser: position })
      this.moveOwnLaser(position)
      return
    }
    this.sync.updatePresence({ cursor: position })
    if (this.currentTool !== 'select') return
    const hit = this.annotationAt(e)
    if (hit) this.map.getCanvas().style.cursor = 'pointer'
    // The selected annotation has its editor open; a card over it would only repeat it.
    const id = hit === this.selectedId ? null : hit
    if (id !== this.hoverId) {
      this.hoverId = id
      if (id) this.showCard(id, e.lngLat)
      else this.card.remove()
    } else if (id) this.card.setLngLat(e.lngLat)
  }

  private onPointerOut(): void {
    this.sync.updatePresence({ cursor: null })
    if (this.currentTool === 'laser') this.putLaserAway()
    this.hoverId = null
    this.card.remove()
  }

  private onClick(e: MapMouseEvent): void {
    switch (this.currentTool) {
      case 'select': {
        const id = this.annotationAt(e)
        if (id) this.select(id)
        return
      }
      case 'text':
        if (!this.readOnly && !this.replay) this.openTextEditor(e.lngLat)
        return
      case 'point':
      case 'line':
      case 'polygon':
      case 'circle':
      case 'laser':
        return
      default: {
        const unknown: never = this.currentTool
        throw new Error(`unknown tool ${String(unknown)}`)
      }
    }
  }

  private onDoubleClick(e: MapMouseEvent): void {
    if (this.currentTool !== 'select' || this.readOnly || this.replay) return
    const id = this.annotationAt(e)
    const record = id ? this.sync.annotations().get(id) : undefined
    if (record?.kind !== 'text') return
    e.preventDefault()
    const at = labelPosition(record)
    this.openTextEditor(at ? new maplibregl.LngLat(at[0], at[1]) : e.lngLat, record)
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return
    const mod = e.ctrlKey || e.metaKey
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.selectedId) {
      e.preventDefault()
      this.deleteSelected()
    } else if (e.key === 'Escape') {
      if (this.textEditor) this.closeTextEditor()
      else if (this.selectedId) this.select(null)
      else if (this.currentTool !== 'select') this.setTool('select')
    } else if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault()
      if (e.shiftKey) this.redo()
      else this.undo()
    } else if (mod && e.key.toLowerCase() === 'y') {
      e.preventDefault()
      this.redo()
    }
  }

  // -------------------------------------------------------------------------------------------
  // The hover card

  private showCard(id: string, at: maplibregl.LngLat): void {
    const record = this.records().get(id)
    if (!record) {
      this.card.remove()
      return
    }
    this.card.setLngLat(at).setDOMContent(this.cardContent(record))
    if (!this.card.isOpen()) this.card.addTo(this.map)
  }

  private cardContent(record: AnnotationRecord): HTMLElement {
    const t = this.t
    const p = record.properties
    const root = document.createElement('div')
    const line = (className: string, text: string) => {
      const element = document.createElement('div')
      element.className = className
      element.textContent = text
      root.append(element)
    }
    const kind = t(`crisis.map.kind.${record.kind}` as MessageKey)
    const symbol = record.kind === 'point' ? symbolName(p.symbol, this.lang) : null
    const title = p.label || p.text
    line('crisis-card-title', title || symbol || kind)
    // The kind line says what it is, unless the title already did.
    const what = title ? [symbol ?? kind] : []
    if (record.kind === 'circle' && p.radius)
      what.push(t('crisis.map.radius', { radius: formatDistance(p.radius, this.lang) }))
    if (what.length) line('crisis-card-kind', what.join(', '))
    if (p.note) line('crisis-card-note', p.note)
    const name = (username: string) => this.displayName(username)
    line(
      'crisis-card-who',
      t('crisis.map.drawnBy', {
        name: name(record.createdBy),
        time: formatWhen(record.createdAt, this.lang),
      }),
    )
    if (
      record.version > 0 &&
      (record.updatedAt !== record.createdAt || record.updatedBy !== record.createdBy)
    )
      line(
        'crisis-card-who',
        t('crisis.map.changedBy', {
          name: name(record.updatedBy),
          time: formatWhen(record.updatedAt, this.lang),
        }),
      )
    if (!this.replay && this.sync.isPending(record.id)) line('crisis-card-pending', t('crisis.map.pending'))
    return root
  }

  private displayName(username: string): string {
    for (const entry of this.sync.roster().values()) if (entry.username === username) return entry.displayName
    return username
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private records(): ReadonlyMap<string, AnnotationRecord> {
    return this.replay ? this.replay.annotations : this.sync.annotations()
  }

  private onAnnotations(
    annotations: ReadonlyMap<string, AnnotationRecord>,
    changed: readonly string[],
  ): void {
    if (this.replay) return
    const selected = this.selectedId
    if (selected && changed.includes(selected)) {
      const record = annotations.get(selected)
      if (!record) this.select(null)
      else this.draw?.refresh(record)
    }
    if (this.hoverId && changed.includes(this.hoverId)) this.showCard(this.hoverId, this.card.getLngLat())
    this.scheduleRender()
  }

  /** One redraw per frame, however many changes arrive in it. */
  private scheduleRender(): void {
    if (this.renderFrame !== undefined || this.destroyed) return
    this.renderFrame = requestAnimationFrame(() => {
      this.renderFrame = undefined
      this.render()
    })
  }

  private render(): void {
    const shapes = this.map.getSource(ANNOTATION_SOURCE) as GeoJSONSource | undefined
    const labels = this.map.getSource(ANNOTATION_LABEL_SOURCE) as GeoJSONSource | undefined
    if (!shapes || !labels) return
    const records = this.records()
    const pending = new Set<string>()
    if (!this.replay) for (const id of records.keys()) if (this.sync.isPending(id)) pending.add(id)
    const features = annotationFeatures(records.values(), {
      pending,
      provisional: this.provisional,
      selected: new Set(this.selected()),
    })
    shapes.setData(features.shapes)
    labels.setData(features.labels)
  }

  highlight(diff: AnnotationDiff | null): void {
    this.highlighted = diff
    const source = this.map.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined
    source?.setData(highlightFeatures(diff))
  }

  showState(state: SessionState | null): void {
    this.replay = state
    this.select(null)
    this.closeTextEditor()
    this.draw?.setTool(this.effectiveTool())
    this.controller.holdPointer(this.effectiveTool() !== 'select')
    this.render()
  }

  fitAnnotations(): void {
    let bounds: [number, number, number, number] | null = null
    const extend = (p: readonly number[]) => {
      bounds = bounds
        ? [
            Math.min(bounds[0], p[0]),
            Math.min(bounds[1], p[1]),
            Math.max(bounds[2], p[0]),
            Math.max(bounds[3], p[1]),
          ]
        : [p[0], p[1], p[0], p[1]]
    }
    const walk = (coordinates: unknown): void => {
      if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') extend(coordinates as number[])
      else if (Array.isArray(coordinates)) for (const c of coordinates) walk(c)
    }
    for (const record of this.records().values())
      if ('coordinates' in record.geometry) walk(record.geometry.coordinates)
    if (bounds) this.controller.fitBounds(bounds, 16)
  }

  // -------------------------------------------------------------------------------------------
  // Presence and following

  private onPresence(): void {
    this.presence?.set(this.sync.presence(), this.sync.roster(), this.follow ? this.sync.presenterId() : null)
    this.applyFollow()
  }

  setShowViewports(show: boolean): void {
    this.presence?.setShowViewports(show)
  }

  setFollow(follow: boolean): void {
    if (follow === this.follow) return
    this.follow = follow
    this.lastFollowed = null
    this.emit('follow', follow)
    this.onPresence()
  }

  following(): boolean {
    return this.follow
  }

  private applyFollow(): void {
    const presenter = this.sync.presenterId()
    if (!this.follow || !presenter || presenter === this.sync.user.userId) return
    const viewport = this.sync.presence().get(presenter)?.viewport
    if (!viewport || viewport === this.lastFollowed) return
    this.lastFollowed = viewport
    // Note: no originalEvent on these moves, so `movestart` can tell them from the user's own.
    this.map.easeTo({
      center: [viewport.center[0], viewport.center[1]],
      zoom: viewport.zoom,
      bearing: viewport.bearing,
      pitch: viewport.pitch,
      duration: 350,
      essential: true,
    })
  }

  private sendViewport(): void {
    const c = this.map.getCenter()
    const b = this.map.getBounds()
    const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n))
    this.sync.updatePresence({
      viewport: {
        center: [c.lng, c.lat],
        zoom: clamp(this.map.getZoom(), 0, 24),
        bearing: this.map.getBearing(),
        pitch: clamp(this.map.getPitch(), 0, 85),
        bounds: [
          clamp(b.getWest(), -180, 180),
          clamp(b.getSouth(), -90, 90),
          clamp(b.getEast(), -180, 180),
          clamp(b.getNorth(), -90, 90),
        ],
      },
    })
  }

  private moveOwnLaser(position: [number, number]): void {
    const now = Date.now()
    const trail = this.ownLaser.laserTrail.filter((p) => now - p.at < LASER_FADE_MS)
    trail.push({ position, at: now })
    this.ownLaser = { ...this.ownLaser, laser: position, laserTrail: trail }
    this.presence?.setOwnLaser(this.ownLaser)
  }

  private putLaserAway(): void {
    this.sync.setLaser(null)
    this.ownLaser = { ...this.ownLaser, laser: null }
    this.presence?.setOwnLaser(this.ownLaser)
  }
}

function formatDistance(metres: number, lang: Language): string {
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB'
  if (metres >= 1000) return `${(metres / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} km`
  return `${Math.round(metres).toLocaleString(locale)} m`
}
