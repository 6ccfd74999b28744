/**
 * The report engine's map: geometries drawn as vector graphics straight into a PDF, over the
 * municipality boundary and the major roads for orientation, with a scale bar and a north arrow.
 * Every report's map (the situation report's, the planning report's buffers and distances, the
 * RSA's risks) stands on this one.
 *
 * Everything is projected to SWEREF 99 TM (EPSG:3006) first, so one millimetre on the paper is the
 * same number of metres in every direction and the scale bar tells the truth.
 */
import { bboxClip } from '@turf/turf'
import type { Geometry, LineString, Position } from 'geojson'
import proj4 from 'proj4'
import { SWEREF99TM_PROJ4 } from '../../common/geo.ts'

/** Easting and northing in metres, SWEREF 99 TM. */
export type XY = [number, number]
export type Ring = XY[]

/** A rectangle on the page, in PDF points, y growing downwards as pdfkit draws. */
export interface Frame {
  x: number
  y: number
  width: number
  height: number
}

/** The ground rectangle the map shows, in SWEREF 99 TM metres. */
export interface MapExtent {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

const swerefConverter = proj4('WGS84', SWEREF99TM_PROJ4)

export function toSweref(position: Position): XY {
  const [x, y] = swerefConverter.forward([position[0], position[1]])
  return [x, y]
}

export function fromSweref(xy: XY): [lon: number, lat: number] {
  const [lon, lat] = swerefConverter.inverse([xy[0], xy[1]])
  return [lon, lat]
}

/** The least ground width and height the map shows, so a single point is seen in its street. */
const MIN_EXTENT_METRES = 800
/** Space around the annotations, as a share of their extent, so nothing sits on the frame. */
const MARGIN_SHARE = 0.12
const MIN_MARGIN_METRES = 150

export const INK = '#17202c'
export const MUTED = '#5d6878'
const LAND = '#fbfbf8'
const OUTSIDE = '#e6e9ee'
const BOUNDARY = '#7d6f9e'
const ROAD = '#ffffff'
const ROAD_CASING = '#a9b1bd'

/** Every coordinate of a geometry, projected. */
export function projectedPositions(geometry: Geometry): XY[] {
  switch (geometry.type) {
    case 'Point':
      return [toSweref(geometry.coordinates)]
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates.map(toSweref)
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat().map(toSweref)
    case 'MultiPolygon':
      return geometry.coordinates.flat(2).map(toSweref)
    case 'GeometryCollection':
      return geometry.geometries.flatMap(projectedPositions)
    default: {
      const unknown: never = geometry
      return unknown
    }
  }
}

export function boundsOf(points: readonly XY[]): MapExtent | null {
  if (points.length === 0) return null
  const extent = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
  for (const [x, y] of points) {
    extent.minX = Math.min(extent.minX, x)
    extent.minY = Math.min(extent.minY, y)
    extent.maxX = Math.max(extent.maxX, x)
    extent.maxY = Math.max(extent.maxY, y)
  }
  return extent
}

/**
 * What a map shows: the geometries with a margin (or, when there are none, the whole
 * municipality), widened to the frame's proportions so both axes keep one scale.
 */
export function mapExtent(
  geometries: readonly Geometry[],
  boundary: Geometry | null,
  aspect: number,
): MapExtent | null {
  const drawn = boundsOf(geometries.flatMap(projectedPositions))
  const base = drawn ?? (boundary ? boundsOf(projectedPositions(boundary)) : null)
  if (!base) return null
  const width = base.maxX - base.minX
  const height = base.maxY - base.minY
  const margin = drawn ? Math.max(MIN_MARGIN_METRES, MARGIN_SHARE * Math.max(width, height)) : 0.04 * width
  let w = Math.max(width + 2 * margin, MIN_EXTENT_METRES)
  let h = Math.max(height + 2 * margin, MIN_EXTENT_METRES)
  if (w / h > aspect) h = w / aspect
  else w = h * aspect
  const cx = (base.minX + base.maxX) / 2
  const cy = (base.minY + base.maxY) / 2
  return { minX: cx - w / 2, minY: cy - h / 2, maxX: cx + w / 2, maxY: cy + h / 2 }
}

/** Places ground coordinates in a frame: one scale for both axes, north up. */
export class MapView {
  /** PDF points per metre. */
  readonly scale: number
  constructor(
    readonly extent: MapExtent,
    readonly frame: Frame,
  ) {
    this.scale = Math.min(
      frame.width / (extent.maxX - extent.minX),
      frame.height / (extent.maxY - extent.minY),
    )
  }

  toPage([x, y]: XY): XY {
    const cx = (this.extent.minX + this.extent.maxX) / 2
    const cy = (this.extent.minY + this.extent.maxY) / 2
    return [
      this.frame.x + this.frame.width / 2 + (x - cx) * this.scale,
      this.frame.y + this.frame.height / 2 - (y - cy) * this.scale,
    ]
  }

  /** The scale on paper when the PDF is printed at 100 %: metres on the ground per metre of paper. */
  get scaleDenominator(): number {
    const metresPerPoint = 0.0254 / 72
    return 1 / (this.scale * metresPerPoint)
  }
}

/** A round length (1, 2 or 5 times a power of ten) no longer than `maxMetres`, for the scale bar. */
export function niceScaleLength(maxMetres: number): number {
  const power = 10 ** Math.floor(Math.log10(maxMetres))
  for (const step of [5, 2, 1]) if (step * power <= maxMetres) return step * power
  return power
}

/** "500 m", "2 km", "2,5 km": how the scale bar names a length. */
export function formatMetres(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`
  return `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(metres / 1000)} km`
}

/** A printed scale rounded as maps round it: 1:12 500, not 1:12 487. */
export function roundScale(denominator: number): number {
  const power = 10 ** Math.max(2, Math.floor(Math.log10(denominator)) - 1)
  return Math.round(denominator / (power / 2)) * (power / 2)
}

/**
 * The angle, in degrees clockwise from the grid's up, at which true north lies at a place.
 * SWEREF 99 TM's grid north parts from true north away from its central meridian, 15° E (the
 * meridian convergence): true north is about 1° anticlockwise in Norrköping, 8° anticlockwise in
 * Haparanda and 3° clockwise in Strömstad.
 */
export function trueNorthAngle(lonLat: Position): number {
  const [x0, y0] = toSweref(lonLat)
  const [x1, y1] = toSweref([lonLat[0], lonLat[1] + 0.01])
  return (Math.atan2(x1 - x0, y1 - y0) * 180) / Math.PI
}

// ---------------------------------------------------------------------------------------------
// Drawing

export type Doc = PDFKit.PDFDocument

/** A badge or any other thing on the map that a badge must not cover. */
export interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

export const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1

/** Whether white or ink reads better on a colour. */
function textOn(colour: string): string {
  const n = Number.parseInt(colour.slice(1), 16)
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255]
  return 0.299 * r + 0.587 * g + 0.114 * b > 160 ? INK : '#ffffff'
}

/**
 * The numbered badge the map and the legend share. A point annotation's badge is the marker
 * itself, filled with its colour; other kinds get a white badge ringed in their colour.
 */
export function drawBadge(
  doc: Doc,
  centre: XY,
  number: number,
  colour: string,
  filled: boolean,
  font: string,
): Box {
  const label = String(number)
  doc.font(font).fontSize(7)
  const textWidth = doc.widthOfString(label)
  const r = 6.5
  const halfWidth = Math.max(r, textWidth / 2 + 3.5)
  const [cx, cy] = centre
  doc.save()
  doc.lineWidth(1.3)
  doc.roundedRect(cx - halfWidth, cy - r, 2 * halfWidth, 2 * r, r)
  if (filled) doc.fillAndStroke(colour, '#ffffff')
  else doc.fillAndStroke('#ffffff', colour)
  doc
    .fillColor(filled ? textOn(colour) : INK)
    .text(label, cx - textWidth / 2, cy - 7 * 0.6, { lineBreak: false })
  doc.restore()
  return { x0: cx - halfWidth - 1, y0: cy - r - 1, x1: cx + halfWidth + 1, y1: cy + r + 1 }
}

export function badgeBox(doc: Doc, centre: XY, number: number, font: string): Box {
  doc.font(font).fontSize(7)
  const halfWidth = Math.max(6.5, doc.widthOfString(String(number)) / 2 + 3.5)
  return {
    x0: centre[0] - halfWidth - 1,
    y0: centre[1] - 7.5,
    x1: centre[0] + halfWidth + 1,
    y1: centre[1] + 7.5,
  }
}

export function traceRings(doc: Doc, view: MapView, rings: readonly Ring[]): void {
  for (const ring of rings) {
    ring.forEach((p, i) => {
      const [x, y] = view.toPage(p)
      if (i === 0) doc.moveTo(x, y)
      else doc.lineTo(x, y)
    })
    doc.closePath()
  }
}

export function traceLines(doc: Doc, view: MapView, lines: readonly Ring[]): void {
  for (const line of lines) {
    line.forEach((p, i) => {
      const [x, y] = view.toPage(p)
      if (i === 0) doc.moveTo(x, y)
      else doc.lineTo(x, y)
    })
  }
}

export const projectRing = (ring: Position[]): Ring => ring.map(toSweref)

/** A geometry's polygons as projected rings (outer ring first, then its holes). */
export function polygonsOf(geometry: Geometry): Ring[][] {
  switch (geometry.type) {
    case 'Polygon':
      return [geometry.coordinates.map(projectRing)]
    case 'MultiPolygon':
      return geometry.coordinates.map((polygon) => polygon.map(projectRing))
    case 'GeometryCollection':
      return geometry.geometries.flatMap(polygonsOf)
    default:
      return []
  }
}

export function linesOf(geometry: Geometry): Ring[] {
  switch (geometry.type) {
    case 'LineString':
      return [projectRing(geometry.coordinates)]
    case 'MultiLineString':
      return geometry.coordinates.map(projectRing)
    case 'Polygon':
    case 'MultiPolygon':
      return polygonsOf(geometry).flat()
    case 'GeometryCollection':
      return geometry.geometries.flatMap(linesOf)
    default:
      return []
  }
}

/**
 * Cuts projected polygons to a ground rectangle a little larger than the map. A municipality a
 * hundred kilometres across, drawn at street scale, would otherwise put coordinates far outside
 * the page, which some PDF viewers draw wrongly.
 */
export function clipPolygons(polygons: Ring[][], box: [number, number, number, number]): Ring[][] {
  return polygons.flatMap((rings) => {
    const clipped = bboxClip({ type: 'Polygon', coordinates: rings }, box).geometry
    const parts = clipped.type === 'Polygon' ? [clipped.coordinates] : []
    return parts
      .map((p) => p.map((ring) => ring.map((q) => [q[0], q[1]] as XY)))
      .filter((p) => p[0]?.length > 2)
  })
}

export function clipLines(lines: Ring[], box: [number, number, number, number]): Ring[] {
  return lines.flatMap((line) => {
    const clipped = bboxClip({ type: 'LineString', coordinates: line }, box).geometry
    const parts =
      clipped.type === 'LineString'
        ? [clipped.coordinates]
        : clipped.type === 'MultiLineString'
          ? clipped.coordinates
          : []
    return parts.filter((p) => p.length > 1).map((p) => p.map((q) => [q[0], q[1]] as XY))
  })
}

export function ringArea(ring: Ring): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1])
  return Math.abs(sum / 2)
}

export function pointInRing([x, y]: XY, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Where an area's badge goes: the centre of its largest part when that lies inside it, otherwise
 * the inside point nearest to that centre on a horizontal line through it.
 */
export function areaAnchor(polygons: Ring[][]): XY | null {
  const largest = polygons.reduce<Ring[] | null>(
    (best, p) => (!best || ringArea(p[0]) > ringArea(best[0]) ? p : best),
    null,
  )
  if (!largest) return null
  const outer = largest[0]
  const b = boundsOf(outer)!
  const centre: XY = [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2]
  const inside = (p: XY) => pointInRing(p, outer) && !largest.slice(1).some((hole) => pointInRing(p, hole))
  if (inside(centre)) return centre
  const steps = 40
  for (let i = 1; i <= steps; i++)
    for (const sign of [-1, 1]) {
      const p: XY = [centre[0] + (sign * i * (b.maxX - b.minX)) / (2 * steps), centre[1]]
      if (inside(p)) return p
    }
  return outer[0]
}

/** The point at a share (0..1) of a projected line's length. */
export function lineAt(line: Ring, share: number): XY | null {
  if (line.length === 0) return null
  const lengths = line.slice(1).map((p, i) => Math.hypot(p[0] - line[i][0], p[1] - line[i][1]))
  let rest = lengths.reduce((a, b) => a + b, 0) * share
  for (let i = 0; i < lengths.length; i++) {
    if (rest <= lengths[i] && lengths[i] > 0) {
      const t = rest / lengths[i]
      return [line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])]
    }
    rest -= lengths[i]
  }
  return line[line.length - 1]
}

/** The annotation's text drawn on the map as it is on screen, with a white halo. */
export function drawMapText(doc: Doc, text: string, at: XY, size: number, font: string): Box {
  doc.font(font).fontSize(size)
  const width = doc.widthOfString(text)
  const x = at[0] - width / 2
  const y = at[1] - size * 0.62
  doc.save()
  doc.lineWidth(2.4).lineJoin('round').strokeColor('#ffffff')
  doc.text(text, x, y, { lineBreak: false, stroke: true, fill: false })
  doc.restore()
  doc.fillColor(INK).text(text, x, y, { lineBreak: false })
  return { x0: x - 2, y0: y - 1, x1: x + width + 2, y1: y + size * 1.25 }
}

export function drawNorthArrow(doc: Doc, frame: Frame, angle: number, font: string): Box {
  const cx = frame.x + frame.width - 20
  const cy = frame.y + 26
  doc.save()
  doc
    .roundedRect(cx - 13, cy - 20, 26, 40, 3)
    .fillOpacity(0.85)
    .fill('#ffffff')
  doc.fillOpacity(1)
  doc.rotate(angle, { origin: [cx, cy + 3] })
  doc.lineWidth(0.7).strokeColor(INK)
  doc.polygon([cx, cy - 7], [cx - 5.5, cy + 12], [cx, cy + 8]).fillAndStroke(INK, INK)
  doc.polygon([cx, cy - 7], [cx + 5.5, cy + 12], [cx, cy + 8]).fillAndStroke('#ffffff', INK)
  doc.font(font).fontSize(8).fillColor(INK)
  doc.text('N', cx - doc.widthOfString('N') / 2, cy - 18, { lineBreak: false })
  doc.restore()
  return { x0: cx - 14, y0: cy - 21, x1: cx + 14, y1: cy + 21 }
}

export function drawScaleBar(doc: Doc, view: MapView, font: string): Box {
  const { frame } = view
  const length = niceScaleLength((frame.width * 0.28) / view.scale)
  const barWidth = length * view.scale
  const x = frame.x + 12
  const y = frame.y + frame.height - 14
  doc.font(font).fontSize(7)
  const endLabel = formatMetres(length)
  const endWidth = doc.widthOfString(endLabel)
  const box: Box = { x0: x - 7, y0: y - 16, x1: x + barWidth + endWidth / 2 + 7, y1: y + 8 }
  doc.save()
  doc
    .roundedRect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0, 3)
    .fillOpacity(0.85)
    .fill('#ffffff')
  doc.fillOpacity(1).lineWidth(0.6)
  const segments = 4
  for (let i = 0; i < segments; i++) {
    doc
      .rect(x + (i * barWidth) / segments, y, barWidth / segments, 4)
      .fillAndStroke(i % 2 === 0 ? INK : '#ffffff', INK)
  }
  doc.fillColor(INK)
  doc.text('0', x - doc.widthOfString('0') / 2, y - 10, { lineBreak: false })
  doc.text(endLabel, x + barWidth - endWidth / 2, y - 10, { lineBreak: false })
  doc.restore()
  return box
}

export interface MapBase {
  /** The municipality, drawn as land inside a dashed boundary and grey outside. */
  boundary: Geometry | null
  /** Major roads for orientation; may be empty. */
  roads: LineString[]
  fonts: { regular: string; bold: string }
  /** Shown in the frame when there is nothing to draw at all. */
  emptyText: string
}

/** What a report draws on its map, given the view, in two passes around the map's furniture. */
export interface MapContent {
  /** Shapes under the scale bar and north arrow; pushes what labels must keep clear of. */
  shapes(view: MapView, clipBox: ClipBox, obstacles: Box[]): void
  /** Labels and badges over them, placed clear of the furniture and of each other. */
  labels?(view: MapView, obstacles: Box[]): void
}

export type ClipBox = [number, number, number, number]

export interface MapResult {
  /** The printed scale, 1 : this, when the PDF is printed at 100 % on A4. */
  scaleDenominator: number | null
}

/**
 * Draws a map into a frame on the current page: the background, the report's content, a scale
 * bar and a north arrow. The frame is clipped, so nothing drawn here spills onto the rest of the
 * report. With no extent (nothing to show) the frame says so.
 */
export function drawMap(
  doc: Doc,
  frame: Frame,
  extent: MapExtent | null,
  base: MapBase,
  content: MapContent,
): MapResult {
  const { fonts } = base
  doc.save()
  doc.rect(frame.x, frame.y, frame.width, frame.height).clip()
  doc.rect(frame.x, frame.y, frame.width, frame.height).fill(base.boundary ? OUTSIDE : LAND)
  if (!extent) {
    doc.font(fonts.regular).fontSize(10).fillColor(MUTED)
    doc.text(base.emptyText, frame.x, frame.y + frame.height / 2 - 6, {
      width: frame.width,
      align: 'center',
      lineBreak: false,
    })
    doc.restore()
    doc.rect(frame.x, frame.y, frame.width, frame.height).lineWidth(0.8).stroke(MUTED)
    return { scaleDenominator: null }
  }
  const view = new MapView(extent, frame)
  const pad = 0.1 * (extent.maxX - extent.minX)
  const clipBox: ClipBox = [extent.minX - pad, extent.minY - pad, extent.maxX + pad, extent.maxY + pad]

  // The municipality: land inside, grey outside, and its boundary dashed.
  if (base.boundary) {
    const land = clipPolygons(polygonsOf(base.boundary), clipBox)
    traceRings(doc, view, land.flat())
    doc.fill(LAND, 'even-odd')
    doc.save()
    traceLines(doc, view, clipLines(linesOf(base.boundary), clipBox))
    doc.lineWidth(1.1).dash(5, { space: 2.5 }).strokeColor(BOUNDARY).stroke()
    doc.restore()
  }

  // Roads for orientation: white with a grey casing, as on the screen map.
  const roads = clipLines(
    base.roads.map((r) => projectRing(r.coordinates)),
    clipBox,
  )
  if (roads.length) {
    doc.save().lineCap('round').lineJoin('round')
    traceLines(doc, view, roads)
    doc.lineWidth(3.4).strokeColor(ROAD_CASING).stroke()
    traceLines(doc, view, roads)
    doc.lineWidth(2).strokeColor(ROAD).stroke()
    doc.restore()
  }

  const obstacles: Box[] = []
  content.shapes(view, clipBox, obstacles)

  // The furniture before the labels, so labels keep clear of it.
  const center = fromSweref([(extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2])
  obstacles.push(drawNorthArrow(doc, frame, trueNorthAngle(center), fonts.bold))
  obstacles.push(drawScaleBar(doc, view, fonts.regular))
  content.labels?.(view, obstacles)

  doc.restore()
  doc.rect(frame.x, frame.y, frame.width, frame.height).lineWidth(0.8).stroke(MUTED)
  return { scaleDenominator: view.scaleDenominator }
}

/** An area's size on the ground in square metres (holes subtracted), measured in SWEREF 99 TM. */
export function groundArea(geometry: Geometry): number {
  return polygonsOf(geometry).reduce(
    (sum, [outer, ...holes]) => sum + ringArea(outer) - holes.reduce((h, ring) => h + ringArea(ring), 0),
    0,
  )
}

/** A line's length on the ground in metres, measured in SWEREF 99 TM. */
export function groundLength(geometry: Geometry): number {
  if (geometry.type !== 'LineString' && geometry.type !== 'MultiLineString') return 0
  return linesOf(geometry).reduce(
    (sum, line) =>
      sum + line.slice(1).reduce((s, p, i) => s + Math.hypot(p[0] - line[i][0], p[1] - line[i][1]), 0),
    0,
  )
}
