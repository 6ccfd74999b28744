/** The language context: Swedish by default, the user's choice kept in localStorage. */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import type { Term } from '../../common/domain.ts'
import { isLanguage, type Language, type MessageKey, translate } from './dictionary.ts'

const STORAGE_KEY = 'lagesbild.language'

export interface I18n {
  lang: Language
  setLang: (lang: Language) => void
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  /** Picks the label of a domain term in the current language. */
  term: (term: Term | undefined, fallback?: string) => string
}

const I18nContext = createContext<I18n | null>(null)

export function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    if (isLanguage(stored)) return stored
  } catch {
    // Storage may be blocked (private mode); Swedish is the default anyway.
  }
  return 'sv'
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(storedLanguage)
  const setLang = useCallback((next: Language) => {
    setLangState(next)
    document.documentElement.lang = next
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Not persisting is acceptable; the choice still holds for this page.
    }
  }, [])
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      term: (term, fallback = '') => (term ? term[lang] : fallback),
    }),
    [lang, setLang],
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>')
  return value
}
