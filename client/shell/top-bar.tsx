/**
 * The top bar: product, municipality, search, the language switch, the way to the crisis sessions
 * (*krisledning*), and who is signed in (name, role and organisation, always in view, since what
 * the map shows depends on them), with the way to the administration for administrators and the
 * sign-out.
 */
import { roleTerms } from '../../common/domain.ts'
import type { LayerInfo } from '../../common/layers.ts'
import type { SearchHit, SignedInUser } from '../api/api-client.ts'
import type { Language } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { SearchBox } from '../search/search-box.tsx'
import { initialsOf } from './initials.ts'
import { municipalityTitle } from './municipality-name.ts'

export interface TopBarProps {
  municipality: string | null
  kommun: string
  layers: readonly LayerInfo[]
  onSearchHit: (hit: SearchHit) => void
  user: SignedInUser
  /** Opens or closes the administration; absent for users without administrative rights. */
  onToggleAdmin?: () => void
  adminOpen: boolean
  /** Whether a crisis page (`#/sessions…`) is open; the button then leads back to the map. */
  crisisOpen: boolean
  onToggleCrisis: () => void
  /** Whether the crime prevention council's page (`#/council`) is open; the button then leads back. */
  councilOpen: boolean
  onToggleCouncil: () => void
  onSignOut: () => void
}

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#fff" fillOpacity="0.12" />
      <path d="M6 23.5 13 9l5 10 3-5.5 5 10z" fill="#ffffff" />
      <circle cx="22.5" cy="9" r="3" fill="#f59f00" />
    </svg>
  )
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n()
  const options: Language[] = ['sv', 'en']
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('lang.label')}</legend>
      {options.map((option) => (
        <label key={option} className={option === lang ? 'is-active' : undefined}>
          <input
            type="radio"
            name="language"
            value={option}
            checked={option === lang}
            onChange={() => setLang(option)}
          />
          <span lang={option} title={t(option === 'sv' ? 'lang.sv' : 'lang.en')}>
            {option.toUpperCase()}
          </span>
        </label>
      ))}
    </fieldset>
  )
}

export function SignedInUserView({ user }: { user: SignedInUser }) {
  const { t, term } = useI18n()
  const role = term(roleTerms[user.role])
  const organisation = user.organisation?.name ?? t('user.noOrganisation')
  return (
    <section
      className="signed-in-user"
      aria-label={t('user.label')}
      data-testid="signed-in-user"
      title={`${user.displayName} (${user.username})\n${role}\n${organisation}`}
    >
      <span className="user-avatar" aria-hidden="true">
        {initialsOf(user.displayName)}
      </span>
      <span className="user-text">
        <span className="user-name">{user.displayName}</span>
        <span className="user-meta">
          <span className="user-role" data-testid="user-role">
            {role}
          </span>
          <span aria-hidden="true"> · </span>
          <span className="user-organisation">{organisation}</span>
        </span>
      </span>
    </section>
  )
}

export function TopBar({
  municipality,
  kommun,
  layers,
  onSearchHit,
  user,
  onToggleAdmin,
  adminOpen,
  crisisOpen,
  onToggleCrisis,
  councilOpen,
  onToggleCouncil,
  onSignOut,
}: TopBarProps) {
  const { t, lang } = useI18n()
  return (
    <header className="top-bar">
      <a className="skip-link" href="#map">
        {t('app.skipToMap')}
      </a>
      <div className="brand">
        <Logo />
        <div className="brand-text">
          <h1>{t('app.name')}</h1>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
      </div>
      <div className="municipality" data-testid="municipality-name">
        <span className="municipality-name">
          {municipality ? municipalityTitle(municipality, lang) : kommun}
        </span>
        <span className="municipality-code">{kommun}</span>
      </div>
      <SearchBox layers={layers} onChoose={onSearchHit} />
      <LanguageSwitch />
      <button
        type="button"
        className={`top-button${crisisOpen ? ' is-active' : ''}`}
        onClick={onToggleCrisis}
        aria-pressed={crisisOpen}
        data-testid="crisis-button"
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path fill="currentColor" d="M10 1.5 1 17.5h18zm0 3.9 6 10.6H4zM9 8v4h2V8zm0 5v2h2v-2z" />
        </svg>
        <span>{t('crisis.open')}</span>
      </button>
      <button
        type="button"
        className={`top-button${councilOpen ? ' is-active' : ''}`}
        onClick={onToggleCouncil}
        aria-pressed={councilOpen}
        data-testid="council-button"
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path fill="currentColor" d="M2 17h16v1.5H2zM3 9h3v7H3zm5.5-5h3v12h-3zM14 6.5h3V16h-3z" />
        </svg>
        <span>{t('council.open')}</span>
      </button>
      {/* The RSA register and incident reporting, for every employee. */}
      <a className="top-button" href="#/rsa" data-testid="rsa-button" title={t('rsa.heading')}>
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path
            fill="currentColor"
            d="M2 2h16v16H2zm2 2v3h3V4zm5 0v3h3V4zm5 0v3h2V4zM4 9v3h3V9zm5 0v3h3V9zm5 0v3h2V9zM4 14v2h3v-2zm5 0v2h3v-2zm5 0v2h2v-2z"
          />
        </svg>
        <span>{t('rsa.open')}</span>
      </a>
      <a
        className="top-button"
        href="#/incidents"
        data-testid="incidents-button"
        title={t('incident.list.heading')}
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path fill="currentColor" d="M4 1h9l4 4v14H4zm2 2v14h9V6h-3V3zm1 6h7v2H7zm0 3h7v2H7zm0 3h5v2H7z" />
        </svg>
        <span>{t('incident.open')}</span>
      </a>
      {onToggleAdmin && (
        <button
          type="button"
          className={`top-button${adminOpen ? ' is-active' : ''}`}
          onClick={onToggleAdmin}
          aria-pressed={adminOpen}
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path
              fill="currentColor"
              d="M10 1 3 4v5c0 4.4 3 8.3 7 9.5 4-1.2 7-5.1 7-9.5V4zm0 2.2 5 2.1V9c0 3.3-2.1 6.3-5 7.4z"
            />
          </svg>
          <span>{t('admin.open')}</span>
        </button>
      )}
      <SignedInUserView user={user} />
      <button type="button" className="top-button" onClick={onSignOut}>
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path
            fill="currentColor"
            d="M3 2h8v2H5v12h6v2H3zm10.6 3.6L18 10l-4.4 4.4-1.4-1.4 2-2H8V9h6.2l-2-2z"
          />
        </svg>
        <span>{t('user.signOut')}</span>
      </button>
    </header>
  )
}
