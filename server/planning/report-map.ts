/**
 * The planning report's map (*plankarta*): the plan and its sub-areas, the bands along the hazards
 * at each rule's distance, and the measured distance lines with their lengths, on the report
 * engine's SWEREF 99 TM map with scale bar and north arrow.
 */
import type { Geometry, LineString } from 'geojson'
import {
  bufferColour,
  distanceLineColour,
  type PlanningAssessment,
  subAreaColour,
} from '../../common/planning-assessment.ts'
import {
  areaAnchor,
  type Box,
  clipLines,
  clipPolygons,
  type Doc,
  drawMap,
  drawMapText,
  type Frame,
  formatMetres,
  linesOf,
  type MapExtent,
  mapExtent,
  overlaps,
  polygonsOf,
  projectRing,
  toSweref,
  traceLines,
  traceRings,
  type XY,
} from '../reports/map.ts'

export const MAP_HEIGHT = 330

/** The measured lines worth showing: those to objects within twice the context radius. */
export function shownLines(assessment: PlanningAssessment) {
  const seen = new Set<string>()
  return assessment.findings.flatMap((f) => {
    if (!f.line || f.distanceM === null || f.distanceM <= 0 || f.distanceM > 2 * assessment.contextRadiusM)
      return []
    const key = JSON.stringify(f.line)
    if (seen.has(key)) return []
    seen.add(key)
    return [{ line: f.line, distanceM: f.distanceM }]
  })
}

/** The ground the map shows: the plan and the measured lines, with a margin. */
export function planMapExtent(assessment: PlanningAssessment, aspect: number): MapExtent | null {
  const lines: Geometry[] = shownLines(assessment).map((l) => ({ type: 'LineString', coordinates: l.line }))
  return mapExtent([assessment.geometry, ...lines], null, aspect)
}

export interface PlanMapInput {
  assessment: PlanningAssessment
  boundary: Geometry | null
  roads: LineString[]
  railways: LineString[]
  fonts: { regular: string; bold: string }
  emptyText: string
}

export function drawPlanMap(doc: Doc, frame: Frame, input: PlanMapInput) {
  const { assessment, fonts } = input
  const extent = planMapExtent(assessment, frame.width / frame.height)
  const lines = shownLines(assessment)
  return drawMap(
    doc,
    frame,
    extent,
    { boundary: input.boundary, roads: input.roads, fonts, emptyText: input.emptyText },
    {
      shapes(view, clipBox) {
        const railways = clipLines(
          input.railways.map((r) => projectRing(r.coordinates)),
          clipBox,
        )
        if (railways.length) {
          doc.save()
          traceLines(doc, view, railways)
          doc.lineWidth(2.2).strokeColor('#4a4f57').stroke()
          traceLines(doc, view, railways)
          doc.lineWidth(1.2).dash(4, { space: 4 }).strokeColor('#ffffff').stroke()
          doc.restore()
        }
        for (const buffer of assessment.buffers) {
          const rings = clipPolygons(polygonsOf(buffer.geometry), clipBox).flat()
          if (!rings.length) continue
          doc.save()
          traceRings(doc, view, rings)
          doc.fillOpacity(0.16).fill(bufferColour, 'even-odd')
          traceRings(doc, view, rings)
          doc.lineWidth(0.8).dash(3, { space: 2 }).strokeOpacity(0.9).strokeColor(bufferColour).stroke()
          doc.restore()
        }
        assessment.subAreas.forEach((area, i) => {
          const rings = clipPolygons(polygonsOf(area.geometry), clipBox).flat()
          doc.save()
          traceRings(doc, view, rings)
          doc.fillOpacity(0.3).fill(subAreaColour(i), 'even-odd')
          doc.restore()
        })
        doc.save()
        traceLines(doc, view, clipLines(linesOf(assessment.geometry), clipBox))
        doc.lineWidth(1.8).strokeColor('#173a63').stroke()
        doc.restore()
        for (const { line } of lines) {
          const [a, b] = line.map((p) => view.toPage(toSweref(p)))
          doc.save()
          doc
            .moveTo(a![0], a![1])
            .lineTo(b![0], b![1])
            .lineWidth(1.3)
            .dash(4, { space: 2 })
            .strokeColor(distanceLineColour)
            .stroke()
          doc.undash()
          doc.circle(b![0], b![1], 2.2).fill(distanceLineColour)
          doc.restore()
        }
      },
      labels(view, obstacles: Box[]) {
        const place = (text: string, at: XY, size: number, font: string) => {
          const box = drawMapText(doc, text, at, size, font)
          if (!obstacles.some((o) => overlaps(o, box))) obstacles.push(box)
        }
        if (assessment.subAreas.length > 1)
          assessment.subAreas.forEach((area) => {
            const anchor = areaAnchor(polygonsOf(area.geometry))
            if (anchor) place(`${area.name}: ${area.landUses.join(' ')}`, view.toPage(anchor), 8, fonts.bold)
          })
        for (const { line, distanceM } of lines) {
          const [a, b] = line.map(toSweref)
          const middle: XY = [(a![0] + b![0]) / 2, (a![1] + b![1]) / 2]
          place(formatMetres(Math.round(distanceM)), view.toPage(middle), 7.5, fonts.bold)
        }
      },
    },
  )
}
