/**
 * The chair's two weighty decisions, each confirmed before it is sent: a change of escalation level
 * (with why, and who decided it, since the log records both), and closing or reopening the session.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import type { EscalationLevel, SessionStatus } from '../../common/crisis.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { escalationName } from './session-format.ts'

function Modal({
  title,
  onClose,
  children,
  testId,
}: {
  title: string
  onClose: () => void
  children: ReactNode
  testId: string
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const headingId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className="crisis-dialog"
      aria-labelledby={headingId}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      data-testid={testId}
    >
      <h2 id={headingId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}

export interface EscalationDialogProps {
  levels: readonly EscalationLevel[]
  current: string
  onConfirm: (change: {
    escalationLevel: string
    escalationReason: string
    decidedBy: string
  }) => Promise<void>
  onClose: () => void
}

export function EscalationDialog({ levels, current, onConfirm, onClose }: EscalationDialogProps) {
  const { t, lang } = useI18n()
  const [level, setLevel] = useState(current)
  const [reason, setReason] = useState('')
  const [decidedBy, setDecidedBy] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const review = (event: FormEvent) => {
    event.preventDefault()
    if (level === current) {
      setError(t('crisis.escalate.same'))
      return
    }
    if (!reason.trim() || !decidedBy.trim()) {
      setError(t('crisis.escalate.missing'))
      return
    }
    setError(null)
    setConfirming(true)
  }

  const confirm = async () => {
    setBusy(true)
    try {
      await onConfirm({
        escalationLevel: level,
        escalationReason: reason.trim(),
        decidedBy: decidedBy.trim(),
      })
      onClose()
    } catch (err) {
      setBusy(false)
      setConfirming(false)
      setError(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <Modal title={t('crisis.escalate.heading')} onClose={onClose} testId="escalation-dialog">
      {confirming ? (
        <div className="dialog-body">
          <p className="dialog-summary">
            {t('crisis.escalate.summary', {
              from: escalationName(levels, current, lang),
              to: escalationName(levels, level, lang),
            })}
          </p>
          <dl className="dialog-facts">
            <dt>{t('crisis.escalate.reason')}</dt>
            <dd>{reason}</dd>
            <dt>{t('crisis.escalate.decidedBy')}</dt>
            <dd>{decidedBy}</dd>
          </dl>
          <p className="field-hint">{t('crisis.escalate.logged')}</p>
          <div className="button-row dialog-buttons">
            <button type="button" className="button" disabled={busy} onClick={() => void confirm()}>
              {t('crisis.escalate.confirm')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              {t('crisis.escalate.back')}
            </button>
          </div>
        </div>
      ) : (
        <form className="dialog-body admin-form" onSubmit={review} noValidate>
          <p className="dialog-current">
            {t('crisis.escalate.current', { level: escalationName(levels, current, lang) })}
          </p>
          <fieldset className="level-choices">
            <legend className="field-label">{t('crisis.escalate.to')}</legend>
            {levels.map((l, i) => (
              <label
                key={l.id}
                className={`level-choice tone-${Math.round((i / Math.max(1, levels.length - 1)) * 3)}${level === l.id ? ' is-on' : ''}`}
              >
                <input
                  type="radio"
                  name="level"
                  value={l.id}
                  checked={level === l.id}
                  onChange={() => setLevel(l.id)}
                />
                {l[lang]}
                {l.id === current && <span className="field-hint"> ({t('crisis.escalate.now')})</span>}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span className="field-label">{t('crisis.escalate.reason')}</span>
            <textarea rows={3} maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">{t('crisis.escalate.decidedBy')}</span>
            <input
              value={decidedBy}
              maxLength={200}
              placeholder={t('crisis.escalate.decidedByPlaceholder')}
              onChange={(e) => setDecidedBy(e.target.value)}
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row dialog-buttons">
            <button type="submit" className="button">
              {t('crisis.escalate.review')}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('crisis.create.cancel')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  )
}

export interface StatusDialogProps {
  status: SessionStatus
  onConfirm: () => Promise<void>
  onClose: () => void
}

/** Closing makes the session read-only for everyone (it stays browsable); reopening lets work go on. */
export function StatusDialog({ status, onConfirm, onClose }: StatusDialogProps) {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const closing = status === 'open'
  const confirm = async () => {
    setBusy(true)
    try {
      await onConfirm()
      onClose()
    } catch (err) {
      setBusy(false)
      setError(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <Modal
      title={t(closing ? 'crisis.close.heading' : 'crisis.reopen.heading')}
      onClose={onClose}
      testId="status-dialog"
    >
      <div className="dialog-body">
        <p>{t(closing ? 'crisis.close.text' : 'crisis.reopen.text')}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="button-row dialog-buttons">
          <button
            type="button"
            className={`button${closing ? ' button-danger' : ''}`}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {t(closing ? 'crisis.close.confirm' : 'crisis.reopen.confirm')}
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={onClose}>
            {t('crisis.create.cancel')}
          </button>
        </div>
      </div>
    </Modal>
  )
}
