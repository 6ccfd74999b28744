import { describe, expect, it } from 'vitest'
import type { AnnotationRecord, LogEntry } from '../../common/crisis.ts'
import {
  annotationBounds,
  labelPoint,
  numberAnnotations,
  reportFeatures,
  reportSections,
} from './report-model.ts'

const annotation = (
  id: string,
  createdAt: string,
  fields: Partial<AnnotationRecord> & Pick<AnnotationRecord, 'kind' | 'geometry'>,
): AnnotationRecord => ({
  id,
  properties: {},
  version: 1,
  createdBy: 'krisledare',
  createdAt,
  updatedBy: 'krisledare',
  updatedAt: createdAt,
  ...fields,
})

const point = annotation('b', '2026-11-20T07:10:00Z', {
  kind: 'point',
  geometry: { type: 'Point', coordinates: [16.1, 58.6] },
  properties: { label: 'Trygghetspunkt', symbol: 'shelter', color: '#2ca02c' },
})
const line = annotation('a', '2026-11-20T07:20:00Z', {
  kind: 'line',
  geometry: {
    type: 'LineString',
    coordinates: [
      [16, 58.5],
      [16.2, 58.5],
    ],
  },
})
const area = annotation('c', '2026-11-20T07:00:00Z', {
  kind: 'polygon',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [16, 58],
        [17, 58],
        [17, 59],
        [16, 59],
        [16, 58],
      ],
    ],
  },
})
const circle = annotation('d', '2026-11-20T07:30:00Z', {
  kind: 'circle',
  geometry: area.geometry,
  properties: { radius: 200, center: [16.5, 58.5] },
})

let version = 0
const entry = (fields: Partial<LogEntry> & Pick<LogEntry, 'kind' | 'createdAt'>): LogEntry => {
  version += 1
  return {
    id: `e${version}`,
    text: 't',
    version,
    createdBy: 'k',
    updatedBy: 'k',
    updatedAt: fields.createdAt,
    ...fields,
  }
}

describe('report model', () => {
  it('numbers the annotations in the order they were drawn, leaving tombstones out', () => {
    const numbered = numberAnnotations([line, point, area, { ...circle, deleted: true }])
    expect(numbered.map((n) => [n.number, n.annotation.id])).toEqual([
      [1, 'c'],
      [2, 'b'],
      [3, 'a'],
    ])
  })

  it('puts the badge where the annotation is', () => {
    expect(labelPoint(point)).toEqual([16.1, 58.6])
    expect(labelPoint(circle)).toEqual([16.5, 58.5])
    const middle = labelPoint(line)!
    expect(middle[0]).toBeCloseTo(16.1, 2)
    const inside = labelPoint(area)!
    expect(inside[0]).toBeGreaterThan(16)
    expect(inside[0]).toBeLessThan(17)
  })

  it('gives the extent of the annotations', () => {
    expect(annotationBounds([point, area])).toEqual([16, 58, 17, 59])
    expect(annotationBounds([])).toBeNull()
  })

  it('draws shapes for lines and areas and a badge for each', () => {
    const { shapes, badges } = reportFeatures(numberAnnotations([point, line, area]))
    expect(shapes.features.map((f) => f.properties.number)).toEqual([1, 3])
    expect(badges.features.map((f) => [f.properties.number, f.properties.colour])).toEqual([
      [1, '#1f4d80'],
      [2, '#2ca02c'],
      [3, '#1f4d80'],
    ])
    expect(badges.features[1].properties.label).toBe('Trygghetspunkt')
  })

  it('sorts the sections and keeps only unfinished tasks, soonest due first', () => {
    const decision = entry({ kind: 'decision', createdAt: '2026-11-20T07:05:00Z' })
    const late = entry({
      kind: 'task',
      createdAt: '2026-11-20T07:01:00Z',
      status: 'open',
      due: '2026-11-20T12:00:00Z',
    })
    const soon = entry({
      kind: 'task',
      createdAt: '2026-11-20T07:02:00Z',
      status: 'in_progress',
      due: '2026-11-20T09:00:00Z',
    })
    const undated = entry({ kind: 'task', createdAt: '2026-11-20T07:00:00Z' })
    const done = entry({ kind: 'task', createdAt: '2026-11-20T07:03:00Z', status: 'done' })
    const escalation = entry({
      kind: 'escalation',
      createdAt: '2026-11-20T06:50:00Z',
      from: 'normal',
      to: 'serious',
    })
    const sections = reportSections([decision, late, soon, undated, done, escalation])
    expect(sections.log.map((e) => e.id)).toEqual(
      [escalation, undated, late, soon, done, decision].map((e) => e.id),
    )
    expect(sections.decisions).toEqual([decision])
    expect(sections.openTasks).toEqual([soon, late, undated])
    expect(sections.escalations).toEqual([escalation])
  })
})
