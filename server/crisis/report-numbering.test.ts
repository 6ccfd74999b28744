/**
 * The browser's printable report and the server's PDF must number the same picture the same way:
 * a legend read out over the phone ("number 3, the cordon") has to point at the same thing on both.
 * The browser numbers what it folded from the room's history; the PDF what the database returned.
 */
import { describe, expect, it } from 'vitest'
import { reportFeatures } from '../../client/crisis/report-model.ts'
import { type AnnotationRecord, type HistoryEntry, stateAt } from '../../common/crisis.ts'
import { numberAnnotations } from '../../common/crisis-report.ts'
import { readPdf } from '../reports/pdf-text.ts'
import { exampleSessionReport } from './report-example.ts'
import { renderSessionReportPdf } from './report-pdf.ts'

/** The legend's rows as the PDF prints them: the badge's number and the first line of the label. */
async function pdfLegend(annotations: AnnotationRecord[]): Promise<Map<number, string>> {
  const report = { ...exampleSessionReport(), annotations }
  const { pages } = readPdf(await renderSessionReportPdf(report, { lang: 'sv', compress: false }))
  const rows = new Map<number, string>()
  for (const lines of pages) {
    // Note: the legend's first column (the badge) sits at the page's left edge, the label column
    // 126 points in; the map's badges and texts lie inside the map frame and never line up so.
    const numbers = lines.filter((l) => /^\d{1,2}$/.test(l.text.trim()) && l.x < 60)
    const labels = lines.filter((l) => l.x > 165 && l.x < 180)
    for (const n of numbers) {
      const label = labels
        .filter((l) => Math.abs(l.y - n.y) < 8)
        .sort((a, b) => Math.abs(a.y - n.y) - Math.abs(b.y - n.y))[0]
      if (label) rows.set(Number(n.text), label.text.trim())
    }
  }
  return rows
}

describe('the situation report numbering', () => {
  it('numbers the example session’s annotations the same in the browser report and the PDF', async () => {
    const example = exampleSessionReport().annotations
    // Four drawn in the same second (a paste does that), their versions running against their ids,
    // so a rule that broke ties by version would number them otherwise than one that used ids.
    const tied = example[0].createdAt
    const annotations = example.map((a, i) => (i < 4 ? { ...a, createdAt: tied, version: 100 - i } : a))
    // The browser folds the room's history in seq order, which is the versions' order.
    const history: HistoryEntry[] = [...annotations]
      .sort((a, b) => a.version - b.version)
      .map((a, i) => ({
        seq: i + 1,
        opId: `op-${i + 1}`,
        at: a.createdAt,
        by: a.createdBy,
        change: { type: 'annotations', put: [a], remove: [] },
      }))
    const state = stateAt(history, history.length)
    const browser = reportFeatures(numberAnnotations(state.annotations.values())).badges.features.map(
      (f) => [f.properties.number, f.properties.label || '–'] as const,
    )
    expect(browser).toHaveLength(annotations.length)

    // The PDF gets the rows in the database's order, here the reverse.
    const pdf = await pdfLegend([...annotations].reverse())
    expect(pdf.size).toBe(annotations.length)
    for (const [number, label] of browser) {
      const printed = pdf.get(number)
      expect(printed, `number ${number}`).toBeDefined()
      expect(label.startsWith(printed!), `number ${number}: ${label} / ${printed}`).toBe(true)
    }
    // And the tie was real: breaking it by version, as the PDF once did, would number otherwise.
    const byVersion = [...annotations]
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.version - b.version)
      .map((a) => a.id)
    expect(numberAnnotations(annotations).map((n) => n.annotation.id)).not.toEqual(byVersion)
  })
})
