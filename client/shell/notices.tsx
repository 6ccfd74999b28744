import { useI18n } from '../i18n/i18n.tsx'

/** A message laid over the map until the user dismisses it (or its owner takes it away). */
export interface MapNotice {
  id: string | number
  text: string
  /** `info` is news rather than a problem and shows in calmer colours (crisis.css). */
  tone?: 'error' | 'info'
}

/** The notices over a map, each with its × to dismiss it; nothing while there are none. */
export function MapNotices<N extends MapNotice>({
  notices,
  onDismiss,
  testId,
}: {
  notices: readonly N[]
  onDismiss: (notice: N) => void
  testId?: string
}) {
  const { t } = useI18n()
  if (notices.length === 0) return null
  return (
    <div className="notices" role="alert" data-testid={testId}>
      {notices.map((n) => (
        <div key={n.id} className={`notice${n.tone === 'info' ? ' is-info' : ''}`}>
          <span>{n.text}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('map.dismiss')}
            onClick={() => onDismiss(n)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
