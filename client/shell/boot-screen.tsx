/** The full-screen card shown before the map: loading, a failure with a retry, or the sign-in form. */
import type { ReactNode } from 'react'
import { useI18n } from '../i18n/i18n.tsx'

export function BrandMark() {
  return (
    <svg viewBox="0 0 32 32" width="40" height="40" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#173a63" />
      <path d="M6 23.5 13 9l5 10 3-5.5 5 10z" fill="#fff" />
      <circle cx="22.5" cy="9" r="3" fill="#f59f00" />
    </svg>
  )
}

export function BootScreen({ children, corner }: { children: ReactNode; corner?: ReactNode }) {
  const { t } = useI18n()
  return (
    <div className="boot">
      {corner && <div className="boot-corner">{corner}</div>}
      <div className="boot-card">
        <div className="boot-brand">
          <BrandMark />
          <span>{t('app.name')}</span>
        </div>
        {children}
      </div>
    </div>
  )
}

export function BootLoading() {
  const { t } = useI18n()
  return (
    <BootScreen>
      <p className="boot-message" role="status">
        <span className="spinner" aria-hidden="true" /> {t('app.loading')}
      </p>
    </BootScreen>
  )
}

export function BootFailure({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useI18n()
  return (
    <BootScreen>
      <div role="alert">
        <h2>{t('app.loadFailed')}</h2>
        <p>{t('app.loadFailedHelp')}</p>
        <p className="boot-detail">{message}</p>
      </div>
      <button type="button" className="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </BootScreen>
  )
}
