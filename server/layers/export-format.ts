/**
 * The marking every export carries: its classification, who exported it and when. A document that
 * leaves the system keeps saying how it must be handled (*informationsklassning*).
 */
import Papa from 'papaparse'
import { type Classification, classificationTerms } from '../../common/domain.ts'
import type { Access } from '../http/access.ts'

export interface ExportMarking {
  classification: Classification
  /** The classification as a stamp, in Swedish: ÖPPEN, INTERN, BEGRÄNSAD. */
  marking: string
  exportedBy: string
  exportedByName: string
  exportedAt: string
}

export function exportMarking(access: Access, classification: Classification): ExportMarking {
  return {
    classification,
    marking: classificationTerms[classification].sv.toUpperCase(),
    exportedBy: access.username,
    exportedByName: access.displayName,
    exportedAt: new Date().toISOString(),
  }
}

/**
 * CSV with the marking in its first lines. Cells that a spreadsheet would run as a formula (`=`,
 * `+`, `-`, `@` first) are escaped, so an exported name cannot become a command on someone's desk.
 */
export function toCsv(marking: ExportMarking, fields: string[], rows: unknown[][]): string {
  const stamp = [
    `# ${marking.marking} (${marking.classification})`,
    `# Exporterad av ${marking.exportedByName} (${marking.exportedBy}) ${marking.exportedAt}`,
  ].join('\r\n')
  return `${stamp}\r\n${Papa.unparse({ fields, data: rows }, { escapeFormulae: true, newline: '\r\n' })}\r\n`
}
