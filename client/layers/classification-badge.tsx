/** The need-to-know badge (Öppen, Intern, Begränsad) on layers, objects and exports. */
import { type Classification, classificationTerms } from '../../common/domain.ts'
import { useI18n } from '../i18n/i18n.tsx'

export function ClassificationBadge({ level }: { level: Classification }) {
  const { term, t } = useI18n()
  const label = term(classificationTerms[level])
  return (
    <span className={`badge badge-${level}`} title={t('layers.classification', { level: label })}>
      {level === 'restricted' && (
        <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden="true">
          <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z" fill="currentColor" />
        </svg>
      )}
      {label}
    </span>
  )
}
