/** The top bar: product, municipality, search and the language switch. */
import type { LayerInfo } from '../../common/layers.ts'
import type { SearchHit } from '../api/api-client.ts'
import type { Language } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { SearchBox } from '../search/search-box.tsx'
import { municipalityTitle } from './municipality-name.ts'

export interface TopBarProps {
  municipality: string | null
  kommun: string
  layers: readonly LayerInfo[]
  onSearchHit: (hit: SearchHit) => void
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

export function TopBar({ municipality, kommun, layers, onSearchHit }: TopBarProps) {
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
    </header>
  )
}
