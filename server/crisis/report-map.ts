/**
 * The situation map of the printed report (*lägeskarta*): the session's annotations drawn on the
 * report engine's map (`server/reports/map.ts`), with a numbered badge per annotation that the
 * legend table repeats. Badges sit on their annotation where there is room, else beside it with a
 * leader line, never over the scale bar, the north arrow or each other.
 */
import type { Geometry, LineString } from 'geojson'
import type { AnnotationRecord } from '../../common/crisis.ts'
import { annotationColour, type NumberedAnnotation } from '../../common/crisis-report.ts'
import {
  areaAnchor,
  type Box,
  badgeBox,
  boundsOf,
  clipLines,
  clipPolygons,
  type Doc,
  drawBadge,
  drawMap,
  drawMapText,
  mapExtent as extentOf,
  type Frame,
  INK,
  lineAt,
  linesOf,
  type MapExtent,
  overlaps,
  polygonsOf,
  ringArea,
  toSweref,
  traceLines,
  traceRings,
  type XY,
} from '../reports/map.ts'

export interface SituationMapInput {
  annotations: NumberedAnnotation[]
  boundary: Geometry | null
  roads: LineString[]
  fonts: { regular: string; bold: string }
  /** Shown in the frame when there is nothing to draw at all. */
  emptyText: string
}

export interface SituationMapResult {
  /** The printed scale, 1 : this, when the PDF is printed at 100 % on A4. */
  scaleDenominator: number | null
}

/** What the situation map shows: the annotations with a margin, or the municipality when none. */
export function mapExtent(
  annotations: readonly AnnotationRecord[],
  boundary: Geometry | null,
  aspect: number,
): MapExtent | null {
  return extentOf(
    annotations.map((a) => a.geometry),
    boundary,
    aspect,
  )
}

const colourOf = (a: AnnotationRecord): string => annotationColour(a.kind, a.properties)

/** Where along a line its number may go, the middle first. */
const lineShares = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]
/** Where on a circle's rim its number may go, north-east first, then round the circle. */
const rimAngles = [45, 90, 0, 135, -45, 180, -90, -135]

/** Where an annotation's number may go on the ground, the best place first. */
function anchorsOf(annotation: AnnotationRecord): XY[] {
  const { geometry, properties } = annotation
  switch (annotation.kind) {
    case 'point':
    case 'text':
      return geometry.type === 'Point' ? [toSweref(geometry.coordinates)] : []
    case 'line': {
      const longest = linesOf(geometry).sort((a, b) => b.length - a.length)[0] ?? []
      return lineShares.map((share) => lineAt(longest, share)).filter((p): p is XY => p !== null)
    }
    case 'circle': {
      // Note: on the rim, not in the centre, where the thing the circle is drawn around usually
      // has its own marker (a cordon around a fault, a radius around a fire).
      const rings = polygonsOf(geometry)
      const b = rings[0] ? boundsOf(rings[0][0]) : null
      if (!b) return []
      const centre: XY = properties.center
        ? toSweref(properties.center)
        : [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2]
      const radius = properties.radius ?? (b.maxX - b.minX) / 2
      return rimAngles.map((deg): XY => {
        const rad = (deg * Math.PI) / 180
        return [centre[0] + radius * Math.cos(rad), centre[1] + radius * Math.sin(rad)]
      })
    }
    case 'polygon': {
      const anchor = areaAnchor(polygonsOf(geometry))
      return anchor ? [anchor] : []
    }
    default: {
      const unknown: never = annotation.kind
      return unknown
    }
  }
}

/** The order of drawing: areas (largest first) under lines under points and texts. */
function drawingRank(a: AnnotationRecord): number {
  switch (a.kind) {
    case 'polygon':
    case 'circle':
      return 0
    case 'line':
      return 1
    case 'point':
    case 'text':
      return 2
    default: {
      const unknown: never = a.kind
      return unknown
    }
  }
}

/** Where to try a displaced badge, nearest first: around the anchor, in three rings. */
const displacements: XY[] = [16, 25, 35].flatMap((d) =>
  [-45, 0, -90, 45, 90, 180, -135, 135].map((deg): XY => {
    const rad = (deg * Math.PI) / 180
    return [Math.cos(rad) * d, Math.sin(rad) * d]
  }),
)

interface Placement {
  item: NumberedAnnotation
  anchor: XY
  centre: XY
  moved: boolean
}

/**
 * Draws the situation map into a frame on the current page: the annotations (areas under lines
 * under points and texts) and their numbered badges.
 */
export function drawSituationMap(doc: Doc, frame: Frame, input: SituationMapInput): SituationMapResult {
  const { fonts } = input
  const records = input.annotations.map((n) => n.annotation)
  const extent = mapExtent(records, input.boundary, frame.width / frame.height)
  const ordered = [...input.annotations].sort((a, b) => {
    const rank = drawingRank(a.annotation) - drawingRank(b.annotation)
    if (rank !== 0) return rank
    const area = (n: NumberedAnnotation) =>
      polygonsOf(n.annotation.geometry).reduce((sum, p) => sum + ringArea(p[0]), 0)
    return area(b) - area(a) || a.number - b.number
  })

  const textBoxes = new Map<string, Box>()
  return drawMap(doc, frame, extent, input, {
    shapes(view, clipBox, obstacles) {
      for (const { annotation } of ordered) {
        const colour = colourOf(annotation)
        const p = annotation.properties
        switch (annotation.kind) {
          case 'polygon':
          case 'circle': {
            const rings = clipPolygons(polygonsOf(annotation.geometry), clipBox).flat()
            doc.save()
            traceRings(doc, view, rings)
            doc
              .fillOpacity(p.fillOpacity ?? (annotation.kind === 'circle' ? 0.12 : 0.2))
              .fill(colour, 'even-odd')
            doc.restore()
            doc.save()
            traceRings(doc, view, rings)
            doc.lineWidth(1.5).lineJoin('round').strokeColor(colour).stroke()
            doc.restore()
            break
          }
          case 'line': {
            const lines = clipLines(linesOf(annotation.geometry), clipBox)
            const width = Math.min(Math.max((p.width ?? 3) * 0.6, 1.3), 7)
            doc.save().lineCap('round').lineJoin('round')
            traceLines(doc, view, lines)
            doc
              .lineWidth(width + 2)
              .strokeColor('#ffffff')
              .stroke()
            traceLines(doc, view, lines)
            doc.lineWidth(width).strokeColor(colour).stroke()
            doc.restore()
            break
          }
          case 'text': {
            const anchor = anchorsOf(annotation)[0]
            const text = p.text ?? p.label
            if (!anchor || !text) break
            const box = drawMapText(doc, text, view.toPage(anchor), (p.fontSize ?? 14) * 0.6, fonts.bold)
            textBoxes.set(annotation.id, box)
            obstacles.push(box)
            break
          }
          case 'point':
            break
          default: {
            const unknown: never = annotation.kind
            return unknown
          }
        }
      }
    },
    labels(view, obstacles) {
      // Badges: points first, at their true place when they can; others move aside to stay readable.
      const placements: Placement[] = []
      const byPriority = [...input.annotations].sort(
        (a, b) => drawingRank(b.annotation) - drawingRank(a.annotation) || a.number - b.number,
      )
      const inFrame = (b: Box) =>
        b.x0 >= frame.x && b.y0 >= frame.y && b.x1 <= frame.x + frame.width && b.y1 <= frame.y + frame.height
      for (const item of byPriority) {
        // A text's badge sits just before the text, which is drawn centred on its point.
        const textBox = textBoxes.get(item.annotation.id)
        const anchors: XY[] = textBox
          ? [[textBox.x0 - 8, (textBox.y0 + textBox.y1) / 2]]
          : anchorsOf(item.annotation).map((p) => view.toPage(p))
        if (anchors.length === 0) continue
        const free = (c: XY) => {
          const box = badgeBox(doc, c, item.number, fonts.bold)
          return inFrame(box) && !obstacles.some((o) => overlaps(o, box))
        }
        // On the geometry where there is room; otherwise beside its best place, with a leader.
        const onGeometry = anchors.find(free)
        const anchor = onGeometry ?? anchors[0]
        const offset = onGeometry
          ? ([0, 0] as XY)
          : displacements.find((d) => free([anchor[0] + d[0], anchor[1] + d[1]]))
        const centre: XY = offset ? [anchor[0] + offset[0], anchor[1] + offset[1]] : anchor
        const moved = centre[0] !== anchor[0] || centre[1] !== anchor[1]
        obstacles.push(badgeBox(doc, centre, item.number, fonts.bold))
        if (moved && item.annotation.kind === 'point')
          obstacles.push({ x0: anchor[0] - 3, y0: anchor[1] - 3, x1: anchor[0] + 3, y1: anchor[1] + 3 })
        placements.push({ item, anchor, centre, moved })
      }
      for (const { item, anchor, centre, moved } of placements) {
        // An area's badge moved aside still lies on the area; a leader would only add clutter.
        if (!moved || item.annotation.kind === 'polygon') continue
        const colour = colourOf(item.annotation)
        doc.save()
        doc.moveTo(anchor[0], anchor[1]).lineTo(centre[0], centre[1]).lineWidth(0.8).strokeColor(INK).stroke()
        if (item.annotation.kind === 'point')
          doc.circle(anchor[0], anchor[1], 2.6).lineWidth(1).fillAndStroke(colour, '#ffffff')
        doc.restore()
      }
      for (const { item, centre } of placements)
        drawBadge(
          doc,
          centre,
          item.number,
          colourOf(item.annotation),
          item.annotation.kind === 'point',
          fonts.bold,
        )
    },
  })
}
