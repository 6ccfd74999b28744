/**
 * The sign-in page. It says plainly what went wrong: a wrong username or password (never which of
 * the two, so the form does not reveal who has an account), or how long to wait after too many
 * failures, and why the user is here when a session has ended.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiError, api, type SignedInUser } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { BootScreen } from '../shell/boot-screen.tsx'
import { LanguageSwitch } from '../shell/top-bar.tsx'
import { retryAfterSeconds, waitText } from './wait-time.ts'

/** Why the sign-in page is shown: first visit, an ended session, or the user signed out. */
export type SignedOutReason = 'none' | 'expired' | 'signed-out'

type Failure =
  | { kind: 'missing' }
  | { kind: 'wrong' }
  | { kind: 'rate-limited'; seconds: number | null }
  | { kind: 'unreachable' }
  | { kind: 'other'; message: string }

export interface LoginPageProps {
  reason: SignedOutReason
  onSignedIn: (user: SignedInUser) => void
}

export function LoginPage({ reason, onSignedIn }: LoginPageProps) {
  const { t, lang } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const usernameInput = useRef<HTMLInputElement>(null)
  const passwordInput = useRef<HTMLInputElement>(null)

  useEffect(() => usernameInput.current?.focus(), [])

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    if (!username.trim() || !password) {
      setFailure({ kind: 'missing' })
      ;(username.trim() ? passwordInput : usernameInput).current?.focus()
      return
    }
    setBusy(true)
    setFailure(null)
    try {
      const user = await api.login(username.trim(), password)
      onSignedIn(user)
    } catch (err) {
      setBusy(false)
      setPassword('')
      passwordInput.current?.focus()
      if (!(err instanceof ApiError)) setFailure({ kind: 'other', message: String(err) })
      else if (err.status === 401) setFailure({ kind: 'wrong' })
      else if (err.status === 429)
        setFailure({ kind: 'rate-limited', seconds: retryAfterSeconds(err.details) })
      else if (err.status === 0) setFailure({ kind: 'unreachable' })
      else setFailure({ kind: 'other', message: err.message })
    }
  }

  const failureText = (f: Failure): string => {
    switch (f.kind) {
      case 'missing':
        return t('login.missing')
      case 'wrong':
        return t('login.wrong')
      case 'rate-limited':
        return t('login.rateLimited', { wait: waitText(f.seconds ?? 15 * 60, lang) })
      case 'unreachable':
        return t('login.unreachable')
      case 'other':
        return t('login.failed', { message: f.message })
      default: {
        const unknown: never = f
        return unknown
      }
    }
  }

  const notice =
    reason === 'expired' ? t('login.expired') : reason === 'signed-out' ? t('login.signedOut') : null

  return (
    <BootScreen corner={<LanguageSwitch />}>
      <form className="login-form" onSubmit={submit} noValidate aria-labelledby="login-heading">
        <h2 id="login-heading" className="login-heading">
          {t('login.heading')}
        </h2>
        {notice && !failure && (
          <p className={`form-notice${reason === 'expired' ? ' is-warning' : ''}`} role="status">
            {notice}
          </p>
        )}
        {!notice && !failure && <p className="login-intro">{t('login.intro')}</p>}
        {failure && (
          <p className="form-error" role="alert" data-testid="login-error">
            {failureText(failure)}
          </p>
        )}
        <label className="field">
          <span className="field-label">{t('login.username')}</span>
          <input
            ref={usernameInput}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={failure?.kind === 'wrong' || (failure?.kind === 'missing' && !username.trim())}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('login.password')}</span>
          <input
            ref={passwordInput}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={failure?.kind === 'wrong' || (failure?.kind === 'missing' && !password)}
          />
        </label>
        <button type="submit" className="button login-submit" disabled={busy}>
          {busy && <span className="spinner spinner-light" aria-hidden="true" />}
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="login-notice">{t('login.notice')}</p>
      </form>
    </BootScreen>
  )
}
