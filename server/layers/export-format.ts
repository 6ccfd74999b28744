/**
 * The marking every export carries: its classification, who exported it and when. A document that
 * leaves the system keeps saying how it must be handled (*informationsklassning*).
 */
import Papa from 'papaparse'
import { z } from 'zod'
import { type Classification, classificationMarking } from '../../common/domain.ts'
import type { Access } from '../http/access.ts'

/** The language of an export's human-readable marking; Swedish unless the reader asks otherwise. */
export const ExportLanguage = z.enum(['sv', 'en'])
export type ExportLanguage = z.infer<typeof ExportLanguage>

export interface ExportMarking {
  classification: Classification
  /** The classification as a stamp in the export's language: INTERN, or INTERNAL in English. */
  marking: string
  lang: ExportLanguage
  exportedBy: string
  exportedByName: string
  exportedAt: string
}

export function exportMarking(
  access: Access,
  classification: Classification,
  lang: ExportLanguage = 'sv',
): ExportMarking {
  return {
    classification,
    marking: classificationMarking(classification, lang),
    lang,
    exportedBy: access.username,
    exportedByName: access.displayName,
    exportedAt: new Date().toISOString(),
  }
}

const exportedByWords = { sv: 'Exporterad av', en: 'Exported by' } as const satisfies Record<
  ExportLanguage,
  string
>

/**
 * CSV with the marking in its first lines. Cells that a spreadsheet would run as a formula (`=`,
 * `+`, `-`, `@` first) are escaped, so an exported name cannot become a command on someone's desk.
 */
export function toCsv(marking: ExportMarking, fields: string[], rows: unknown[][]): string {
  const stamp = [
    `# ${marking.marking} (${marking.classification})`,
    `# ${exportedByWords[marking.lang]} ${marking.exportedByName} (${marking.exportedBy}) ${marking.exportedAt}`,
  ].join('\r\n')
  return `${stamp}\r\n${Papa.unparse({ fields, data: rows }, { escapeFormulae: true, newline: '\r\n' })}\r\n`
}
