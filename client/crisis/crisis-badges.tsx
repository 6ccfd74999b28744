/** The small marks a crisis session carries everywhere: its escalation level and whether it is open. */
import type { EscalationLevel, SessionStatus } from '../../common/crisis.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { escalationName, escalationTone } from './session-format.ts'

export function EscalationBadge({ levels, level }: { levels: readonly EscalationLevel[]; level: string }) {
  const { lang, t } = useI18n()
  const name = escalationName(levels, level, lang)
  return (
    <span
      className={`escalation-badge tone-${escalationTone(levels, level)}`}
      title={t('crisis.levelTitle', { level: name })}
      data-testid="escalation-badge"
    >
      {name}
    </span>
  )
}

export function StatusBadge({ status }: { status: SessionStatus }) {
  const { t } = useI18n()
  return (
    <span className={`status-pill ${status === 'open' ? 'is-on' : 'is-off'}`}>
      {t(status === 'open' ? 'crisis.status.open' : 'crisis.status.closed')}
    </span>
  )
}
