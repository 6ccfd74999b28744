/**
 * What the printed situation report (*lägesrapport*) holds, taken from the session's picture at
 * the chosen moment: the annotations numbered for the map and its legend, the decisions, the
 * tasks still to be done, the escalation history and the whole log, each in time order.
 */
import { along, bbox, length, pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson'
import type { AnnotationRecord, LogEntry } from '../../common/crisis.ts'
import { unfinishedStatuses } from './log-filter.ts'

/** The colour an annotation is drawn in when it names none. */
export const DEFAULT_ANNOTATION_COLOUR = '#1f4d80'

export interface NumberedAnnotation {
  number: number
  annotation: AnnotationRecord
}

const byCreation = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)

/** Numbers in the order the annotations were drawn, so the legend reads as the story unfolded. */
export function numberAnnotations(annotations: Iterable<AnnotationRecord>): NumberedAnnotation[] {
  return [...annotations]
    .filter((a) => !a.deleted)
    .sort(byCreation)
    .map((annotation, index) => ({ number: index + 1, annotation }))
}

export interface ReportSections {
  log: LogEntry[]
  decisions: LogEntry[]
  openTasks: LogEntry[]
  escalations: LogEntry[]
}

export function reportSections(log: Iterable<LogEntry>): ReportSections {
  const ordered = [...log].sort((a, b) => byCreation(a, b) || a.version - b.version)
  return {
    log: ordered,
    decisions: ordered.filter((e) => e.kind === 'decision'),
    openTasks: ordered
      .filter((e) => e.kind === 'task' && unfinishedStatuses.includes(e.status ?? 'open'))
      // Note: the soonest deadline first, tasks without one last, as a staff meeting goes through them.
      .sort((a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff')),
    escalations: ordered.filter((e) => e.kind === 'escalation'),
  }
}

/** Where an annotation's number badge goes: its point, a circle's centre, a line's middle, inside an area. */
export function labelPoint(annotation: AnnotationRecord): [number, number] | null {
  const geometry = annotation.geometry
  const centre = annotation.properties.center
  if (annotation.kind === 'circle' && centre) return [centre[0], centre[1]]
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0], geometry.coordinates[1]]
    case 'LineString': {
      const line: Feature<Geometry> = { type: 'Feature', geometry, properties: {} }
      const half = length(line as Feature<GeoJSON.LineString>) / 2
      const mid = along(geometry, half).geometry.coordinates
      return [mid[0], mid[1]]
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const point = pointOnFeature({ type: 'Feature', geometry, properties: {} }).geometry.coordinates
      return [point[0], point[1]]
    }
    default:
      return null
  }
}

/** The extent of the annotations, [minLon, minLat, maxLon, maxLat], or null when there are none. */
export function annotationBounds(
  annotations: readonly AnnotationRecord[],
): [number, number, number, number] | null {
  if (annotations.length === 0) return null
  const [minX, minY, maxX, maxY] = bbox({
    type: 'FeatureCollection',
    features: annotations.map((a) => ({ type: 'Feature', geometry: a.geometry, properties: {} })),
  })
  return [minX, minY, maxX, maxY]
}

export interface ReportFeatureProperties {
  number: number
  kind: AnnotationRecord['kind']
  colour: string
  label: string
  fillOpacity: number
  width: number
}

/**
 * The annotations as the report map draws them: the shapes with their colour, and one point per
 * annotation carrying its number for the badge.
 */
export function reportFeatures(numbered: readonly NumberedAnnotation[]): {
  shapes: FeatureCollection<Geometry, ReportFeatureProperties>
  badges: FeatureCollection<Point, ReportFeatureProperties>
} {
  const shapes: Feature<Geometry, ReportFeatureProperties>[] = []
  const badges: Feature<Point, ReportFeatureProperties>[] = []
  for (const { number, annotation } of numbered) {
    const p = annotation.properties
    const properties: ReportFeatureProperties = {
      number,
      kind: annotation.kind,
      colour: p.color ?? DEFAULT_ANNOTATION_COLOUR,
      label: p.label ?? p.text ?? '',
      fillOpacity: p.fillOpacity ?? 0.2,
      width: p.width ?? 3,
    }
    if (annotation.geometry.type !== 'Point')
      shapes.push({ type: 'Feature', geometry: annotation.geometry, properties })
    const at = labelPoint(annotation)
    if (at) badges.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties })
  }
  return {
    shapes: { type: 'FeatureCollection', features: shapes },
    badges: { type: 'FeatureCollection', features: badges },
  }
}
