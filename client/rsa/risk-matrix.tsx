/**
 * The 5×5 risk matrix: likelihood up, consequence across, each cell in its band's colour with the
 * number of risks in it. Choosing a cell lists its risks and shows them on the map.
 */

import { riskBandColours } from '../../common/risk.ts'
import type { MatrixCell } from '../../common/rsa.ts'
import { useI18n } from '../i18n/i18n.tsx'

export interface RiskMatrixProps {
  cells: readonly MatrixCell[]
  chosen: { likelihood: number; consequence: number } | null
  onChoose: (cell: MatrixCell | null) => void
}

export function RiskMatrix({ cells, chosen, onChoose }: RiskMatrixProps) {
  const { t } = useI18n()
  return (
    <figure className="risk-matrix" data-testid="risk-matrix">
      <div className="risk-matrix-axis-y">{t('rsa.likelihood')}</div>
      <fieldset className="risk-matrix-grid" aria-label={t('rsa.matrix')}>
        {cells.map((cell) => {
          const isChosen = chosen?.likelihood === cell.likelihood && chosen.consequence === cell.consequence
          return (
            <button
              key={`${cell.likelihood}-${cell.consequence}`}
              type="button"
              className={`risk-cell${isChosen ? ' is-chosen' : ''}${cell.riskIds.length ? '' : ' is-empty'}`}
              style={{ background: riskBandColours[cell.band] }}
              aria-pressed={isChosen}
              aria-label={t('rsa.cellLabel', {
                likelihood: cell.likelihood,
                consequence: cell.consequence,
                n: cell.riskIds.length,
              })}
              onClick={() => onChoose(isChosen ? null : cell)}
              data-testid={`risk-cell-${cell.likelihood}-${cell.consequence}`}
            >
              {cell.riskIds.length || ''}
            </button>
          )
        })}
      </fieldset>
      <div className="risk-matrix-ticks-y" aria-hidden="true">
        {[5, 4, 3, 2, 1].map((l) => (
          <span key={l}>{l}</span>
        ))}
      </div>
      <div className="risk-matrix-ticks-x" aria-hidden="true">
        {[1, 2, 3, 4, 5].map((l) => (
          <span key={l}>{l}</span>
        ))}
      </div>
      <figcaption className="risk-matrix-axis-x">{t('rsa.consequence')}</figcaption>
    </figure>
  )
}
