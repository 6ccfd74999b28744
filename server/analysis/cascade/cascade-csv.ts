/**
 * A cascade answer as CSV rows: one row per affected asset, in the answer's order (by the time it
 * goes down), with the proposed measure's times beside the present ones when the answer has them.
 */
import type { CascadeAnswer } from '../../../common/cascade-api.ts'
import { styrelClassTerms } from '../../../common/domain.ts'
import type { ExportLanguage } from '../../layers/export-format.ts'

const headings = {
  sv: [
    'tillgång',
    'namn',
    'nere från (h)',
    'uppe igen (h)',
    'orsak',
    'passerar acceptabel avbrottstid (h)',
    'acceptabel avbrottstid (h)',
    'Styrelklass',
    'invånare',
    'sårbara',
    'ägare',
    'TIB-telefon',
    'cykel',
    'med åtgärd: nere från (h)',
    'med åtgärd: uppe igen (h)',
  ],
  en: [
    'asset',
    'name',
    'down at (h)',
    'up at (h)',
    'cause',
    'passes acceptable outage at (h)',
    'acceptable outage (h)',
    'Styrel class',
    'residents',
    'vulnerable',
    'owner',
    'on-call phone',
    'cycle',
    'with measure: down at (h)',
    'with measure: up at (h)',
  ],
} as const satisfies Record<ExportLanguage, readonly string[]>

export function cascadeCsv(
  answer: CascadeAnswer,
  lang: ExportLanguage,
): { fields: string[]; rows: unknown[][] } {
  const names = new Map(answer.affected.map((a) => [a.assetId, a.name]))
  const proposed = new Map((answer.compare?.affected ?? []).map((a) => [a.assetId, a]))
  const outage = lang === 'sv' ? 'avbrott' : 'outage'
  return {
    fields: [...headings[lang]],
    rows: answer.affected.map((a) => {
      const after = proposed.get(a.assetId)
      return [
        a.assetId,
        a.name,
        a.downAtHours,
        a.upAtHours ?? '',
        a.cause === 'outage'
          ? outage
          : `${a.cause.resource}: ${a.cause.providerAssetIds.map((id) => names.get(id) ?? id).join(', ')}`,
        a.exceedsAcceptableOutageAtHours ?? '',
        a.acceptableOutageHours ?? '',
        a.styrelClass === null
          ? ''
          : `${a.styrelClass} ${styrelClassTerms[a.styrelClass]?.[lang] ?? ''}`.trim(),
        a.residentsServed ?? '',
        Object.entries(a.vulnerableOccupants)
          .map(([k, v]) => `${k} ${v}`)
          .join('; '),
        a.owner?.name ?? '',
        a.owner?.onCallPhone ?? '',
        a.heldDownByCycle ? 'x' : '',
        answer.compare ? (after?.downAtHours ?? '') : '',
        answer.compare ? (after ? (after.upAtHours ?? '') : '') : '',
      ]
    }),
  }
}
