/**
 * The report engine's flow layout: headings, paragraphs and tables laid top to bottom over A4
 * pages, turning pages itself so that rows never split and table headings repeat (the section's
 * title marked as continued). A cell holds text, a muted line under it, or a numbered badge.
 */
import {
  CONTENT_BOTTOM,
  CONTENT_TOP,
  type Doc,
  engineWords,
  FONT,
  FONT_BOLD,
  HEADER_FILL,
  INK,
  LEFT,
  MUTED,
  NAVY,
  type ReportLanguage,
  RIGHT,
  RULE,
  WIDTH,
} from './document.ts'
import { drawBadge } from './map.ts'

/** One table cell: its text, and optionally a smaller muted line under it and a badge before it. */
export interface Cell {
  text: string
  bold?: boolean
  colour?: string
  detail?: string
  /** A detail shown only when the row opens a page: the date of a time, so no page lacks it. */
  pageDetail?: string
  detailColour?: string
  badge?: { number: number; colour: string; filled: boolean }
}

export interface Column {
  title: string
  width: number
}

const CELL_PAD_X = 4
const CELL_PAD_Y = 3.5
const BODY_SIZE = 8
const DETAIL_SIZE = 7
const LINE_GAP = 1.2
const BADGE_WIDTH = 20

/**
 * Lays the report out top to bottom, turning pages itself so that rows never split and table
 * headings repeat; headers and footers are drawn over the finished pages at the end, when the
 * number of pages is known.
 */
export class ReportLayout {
  y = CONTENT_TOP

  constructor(
    readonly doc: Doc,
    readonly lang: ReportLanguage,
  ) {}

  newPage(): void {
    this.doc.addPage()
    this.y = CONTENT_TOP
  }

  /** Turns the page unless `height` more fits on this one. */
  ensure(height: number): void {
    if (this.y + height > CONTENT_BOTTOM) this.newPage()
  }

  textHeight(text: string, width: number, font: string, size: number): number {
    this.doc.font(font).fontSize(size)
    return this.doc.heightOfString(text || ' ', { width, lineGap: LINE_GAP })
  }

  /** Writes wrapped text at a place, never past `height` (pdfkit would otherwise turn the page). */
  write(text: string, x: number, y: number, width: number, font: string, size: number, colour: string) {
    const height = this.textHeight(text, width, font, size)
    this.doc
      .fillColor(colour)
      .text(text, x, y, { width, lineGap: LINE_GAP, height: height + 2, ellipsis: true })
    return height
  }

  heading(title: string, keepWith: number): void {
    this.ensure(26 + keepWith)
    if (this.y > CONTENT_TOP) this.y += 10
    this.doc.font(FONT_BOLD).fontSize(12).fillColor(NAVY)
    this.doc.text(title, LEFT, this.y, { lineBreak: false })
    this.y += 20
  }

  paragraph(text: string, colour = MUTED, size = BODY_SIZE + 0.5): void {
    const height = this.textHeight(text, WIDTH, FONT, size)
    this.ensure(height + 4)
    this.write(text, LEFT, this.y, WIDTH, FONT, size, colour)
    this.y += height + 4
  }

  cellHeight(cell: Cell, width: number): number {
    const inner = width - 2 * CELL_PAD_X - (cell.badge ? BADGE_WIDTH : 0)
    let height = this.textHeight(cell.text, inner, cell.bold ? FONT_BOLD : FONT, BODY_SIZE)
    // Note: measured with the page detail too, since which row opens a page is known only later.
    if (cell.detail || cell.pageDetail)
      height += 1.5 + this.textHeight(cell.detail ?? cell.pageDetail ?? '', inner, FONT, DETAIL_SIZE)
    if (cell.badge) height = Math.max(height, 14)
    return height + 2 * CELL_PAD_Y
  }

  tableHeader(columns: Column[]): void {
    const height = 16
    this.doc.rect(LEFT, this.y, WIDTH, height).fill(HEADER_FILL)
    let x = LEFT
    this.doc.font(FONT_BOLD).fontSize(7).fillColor(MUTED)
    for (const column of columns) {
      this.doc.text(column.title.toUpperCase(), x + CELL_PAD_X, this.y + 5, {
        lineBreak: false,
        characterSpacing: 0.3,
      })
      x += column.width
    }
    this.y += height
  }

  /**
   * A table that flows over pages: a row that does not fit starts a new page, which repeats the
   * section title (marked as continued) and the column headings.
   */
  table(title: string, columns: Column[], rows: Cell[][]): void {
    const widths = columns.map((c) => c.width)
    const heights = rows.map((row) => Math.max(...row.map((cell, i) => this.cellHeight(cell, widths[i]))))
    this.heading(title, 16 + (heights[0] ?? 0))
    this.tableHeader(columns)
    // A single row taller than a page (a 4,000-character entry in a narrow column would be) is
    // cut with an ellipsis rather than run off the paper.
    const tallest = CONTENT_BOTTOM - CONTENT_TOP - 40
    rows.forEach((row, r) => {
      const height = Math.min(heights[r], tallest)
      let opensPage = r === 0
      if (this.y + height > CONTENT_BOTTOM) {
        opensPage = true
        this.newPage()
        this.doc.font(FONT_BOLD).fontSize(9).fillColor(MUTED)
        this.doc.text(`${title} (${engineWords[this.lang].continued})`, LEFT, this.y, { lineBreak: false })
        this.y += 15
        this.tableHeader(columns)
      }
      let x = LEFT
      row.forEach((cell, i) => {
        const shown =
          opensPage && !cell.detail && cell.pageDetail ? { ...cell, detail: cell.pageDetail } : cell
        this.drawCell(shown, x, this.y, widths[i], height)
        x += widths[i]
      })
      this.y += height
      this.doc.moveTo(LEFT, this.y).lineTo(RIGHT, this.y).lineWidth(0.5).strokeColor(RULE).stroke()
    })
  }

  drawCell(cell: Cell, x: number, y: number, width: number, rowHeight: number): void {
    let left = x + CELL_PAD_X
    const inner = width - 2 * CELL_PAD_X - (cell.badge ? BADGE_WIDTH : 0)
    if (cell.badge) {
      drawBadge(
        this.doc,
        [left + 7, y + CELL_PAD_Y + 6.5],
        cell.badge.number,
        cell.badge.colour,
        cell.badge.filled,
        FONT_BOLD,
      )
      left += BADGE_WIDTH
    }
    const room = rowHeight - 2 * CELL_PAD_Y
    const font = cell.bold ? FONT_BOLD : FONT
    this.doc
      .font(font)
      .fontSize(BODY_SIZE)
      .fillColor(cell.colour ?? INK)
    const textHeight = Math.min(this.textHeight(cell.text, inner, font, BODY_SIZE), room)
    this.doc.text(cell.text, left, y + CELL_PAD_Y + (cell.badge ? 1.5 : 0), {
      width: inner,
      lineGap: LINE_GAP,
      height: textHeight + 1,
      ellipsis: true,
    })
    const detailRoom = room - textHeight - 1.5
    if (cell.detail && detailRoom > DETAIL_SIZE) {
      this.doc
        .font(FONT)
        .fontSize(DETAIL_SIZE)
        .fillColor(cell.detailColour ?? MUTED)
      this.doc.text(cell.detail, left, y + CELL_PAD_Y + textHeight + 1.5, {
        width: inner,
        lineGap: LINE_GAP,
        height: detailRoom,
        ellipsis: true,
      })
    }
  }
}
