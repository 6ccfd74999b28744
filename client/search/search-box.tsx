/**
 * Typeahead search over every layer the user may see (`/api/search`). Choosing a hit flies to it
 * and opens its attributes. Follows the ARIA combobox pattern so it works from the keyboard.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { LayerInfo } from '../../common/layers.ts'
import { api, type SearchHit } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'

export interface SearchBoxProps {
  layers: readonly LayerInfo[]
  onChoose: (hit: SearchHit) => void
}

type State =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'done'; hits: SearchHit[] }
  | { status: 'error' }

const DEBOUNCE_MS = 220

export function SearchBox({ layers, onChoose }: SearchBoxProps) {
  const { t, term } = useI18n()
  const [query, setQuery] = useState('')
  const [state, setState] = useState<State>({ status: 'idle' })
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const listId = useId()
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const q = query.trim()
    if (q.length < 2) {
      setState({ status: 'idle' })
      return
    }
    const controller = new AbortController()
    const timer = setTimeout(() => {
      setState({ status: 'searching' })
      api
        .search(q, 10, controller.signal)
        .then((hits) => {
          setState({ status: 'done', hits })
          setActive(hits.length ? 0 : -1)
        })
        .catch(() => {
          if (!controller.signal.aborted) setState({ status: 'error' })
        })
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [query])

  const hits = state.status === 'done' ? state.hits : []
  const layerTitle = (id: string) => {
    const layer = layers.find((l) => l.id === id)
    return layer ? term(layer.titles, layer.title) : id
  }

  const choose = (hit: SearchHit) => {
    setOpen(false)
    setQuery(hit.name)
    onChoose(hit)
  }

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setOpen(true)
      setActive((i) => (hits.length ? (i + 1) % hits.length : -1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((i) => (hits.length ? (i - 1 + hits.length) % hits.length : -1))
    } else if (e.key === 'Enter') {
      const hit = hits[active]
      if (hit) {
        e.preventDefault()
        choose(hit)
      }
    } else if (e.key === 'Escape') {
      if (open) setOpen(false)
      else setQuery('')
    }
  }

  const showList = open && state.status !== 'idle'
  return (
    <search className="search">
      <label htmlFor="search-input" className="visually-hidden">
        {t('search.label')}
      </label>
      <svg className="search-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <circle cx="7" cy="7" r="4.8" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="M10.6 10.6 14 14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <input
        ref={inputRef}
        id="search-input"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        value={query}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="search-results">
          {state.status === 'searching' && <p className="search-message">{t('search.searching')}</p>}
          {state.status === 'error' && (
            <p className="search-message search-error" role="alert">
              {t('search.failed')}
            </p>
          )}
          {state.status === 'done' && hits.length === 0 && (
            <p className="search-message">{t('search.noHits', { q: query.trim() })}</p>
          )}
          <div id={listId} role="listbox" aria-label={t('search.label')} className="search-list">
            {hits.map((hit, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: combobox pattern: the input keeps focus and handles the keys.
              <div
                key={`${hit.layerId}/${hit.id}`}
                tabIndex={-1}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'is-active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(hit)}
                onMouseEnter={() => setActive(i)}
              >
                <span className="hit-name">{hit.name}</span>
                <span className="hit-layer">{layerTitle(hit.layerId)}</span>
              </div>
            ))}
          </div>
          <span className="visually-hidden" aria-live="polite">
            {state.status === 'done' ? t('search.hits', { n: hits.length }) : ''}
          </span>
        </div>
      )}
    </search>
  )
}
