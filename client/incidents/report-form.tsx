/**
 * The short incident report (*rapportera en händelse*), made to be filled in on a phone: what kind of
 * event, when, how serious, what happened, whether anyone was hurt, and where (a tap on the map or
 * a name from the app's search). The reporter is whoever is signed in.
 */
import './incidents.css'
import { pointOnFeature } from '@turf/turf'
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react'
import { type IncidentCategory, incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { ApiError, api, type MunicipalityConfig, type SearchHit } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import type { MapImages } from '../map/icons.ts'
import type { MapController } from '../map/map-controller.ts'
import { MapView } from '../map/map-view.tsx'
import { routeHash } from '../map/url-state.ts'
import { incidentApi } from './incident-api.ts'

export interface ReportFormProps {
  config: MunicipalityConfig
  layers: LayerInfo[]
  images: MapImages
}

const categories = Object.keys(incidentCategoryTerms) as IncidentCategory[]
const groups = Object.keys(incidentGroupTerms) as (keyof typeof incidentGroupTerms)[]

/** `YYYY-MM-DDTHH:MM` of a moment in the browser's own time, for a datetime-local field. */
function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return shifted.toISOString().slice(0, 16)
}

const centreOf = (bbox: [number, number, number, number]): [number, number] => [
  (bbox[0] + bbox[2]) / 2,
  (bbox[1] + bbox[3]) / 2,
]

export function ReportForm({ config, layers, images }: ReportFormProps) {
  const { t, term } = useI18n()
  const [category, setCategory] = useState<IncidentCategory | ''>('')
  const [occurredAt, setOccurredAt] = useState(() => localInputValue(new Date()))
  const [severity, setSeverity] = useState(2)
  const [description, setDescription] = useState('')
  const [injured, setInjured] = useState<boolean | null>(null)
  const [restricted, setRestricted] = useState(false)
  const [position, setPosition] = useState<[number, number] | null>(null)
  const [placeName, setPlaceName] = useState('')
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[]>([])
  const [controller, setController] = useState<MapController | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const initial = useMemo(() => ({ visible: new Set<string>(), opacity: new Map<string, number>() }), [])

  useEffect(() => {
    if (!controller) return
    const onClick = (e: { lngLat: { lng: number; lat: number } }) => {
      setPosition([e.lngLat.lng, e.lngLat.lat])
      setPlaceName('')
    }
    controller.map.on('click', onClick)
    return () => {
      controller.map.off('click', onClick)
    }
  }, [controller])

  useEffect(() => {
    controller?.highlight(
      position
        ? { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: position } }
        : null,
    )
  }, [controller, position])

  useEffect(() => {
    if (query.trim().length < 2) {
      setHits([])
      return
    }
    const abort = new AbortController()
    const timer = setTimeout(() => {
      api
        .search(query.trim(), 6, abort.signal)
        .then((found) => setHits(found.filter((h) => h.bbox)))
        .catch(() => setHits([]))
    }, 200)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [query])

  const choose = useCallback(
    async (hit: SearchHit) => {
      if (!hit.bbox) return
      setQuery('')
      setHits([])
      setPlaceName(hit.name)
      controller?.fitBounds(hit.bbox, 16)
      // Note: a point on the object itself, not the middle of its box, which for a bent road or a
      // municipality with a bay may lie outside it.
      try {
        const feature = await api.feature(hit.layerId, hit.id)
        setPosition(pointOnFeature(feature).geometry.coordinates as [number, number])
      } catch {
        setPosition(centreOf(hit.bbox))
      }
    },
    [controller],
  )

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    if (!category) return setError(t('incident.form.needCategory'))
    if (injured === null) return setError(t('incident.form.needInjured'))
    if (!position) return setError(t('incident.form.needPlace'))
    setSending(true)
    try {
      const report = await incidentApi.report({
        category,
        occurredAt: new Date(occurredAt).toISOString(),
        severity,
        description,
        injured,
        position,
        placeName: placeName || undefined,
        restricted,
      })
      window.location.hash = `${routeHash({ page: 'incident', incidentId: report.id })}?sent=1`
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
      setSending(false)
    }
  }

  return (
    <section className="incident-page" aria-labelledby="incident-form-heading" data-testid="incident-form">
      <header className="incident-header">
        <h1 id="incident-form-heading">{t('incident.form.heading')}</h1>
        <a className="button button-secondary button-small" href={routeHash({ page: 'incidents' })}>
          {t('incident.mine')}
        </a>
      </header>
      <p className="incident-intro">{t('incident.form.intro')}</p>
      <form className="incident-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('incident.field.category')}</span>
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as IncidentCategory)}
            data-testid="incident-category"
            required
          >
            <option value="">{t('incident.form.choose')}</option>
            {groups.map((group) => (
              <optgroup key={group} label={term(incidentGroupTerms[group])}>
                {categories
                  .filter((c) => incidentCategoryTerms[c].group === group)
                  .map((c) => (
                    <option key={c} value={c}>
                      {term(incidentCategoryTerms[c])}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        {(category === 'threat_to_staff' || category === 'unlawful_influence') && (
          <p className="incident-note" data-testid="restricted-note">
            {t('incident.form.restrictedByRule')}
          </p>
        )}
        <label className="field">
          <span>{t('incident.field.occurredAt')}</span>
          <input
            type="datetime-local"
            value={occurredAt}
            max={localInputValue(new Date())}
            onChange={(e) => setOccurredAt(e.target.value)}
            data-testid="incident-time"
            required
          />
        </label>
        <fieldset className="field segmented">
          <legend>{t('incident.field.severity')}</legend>
          <div className="segments">
            {[1, 2, 3, 4, 5].map((level) => (
              <label key={level} className={level === severity ? 'is-active' : undefined}>
                <input
                  type="radio"
                  name="severity"
                  value={level}
                  checked={level === severity}
                  onChange={() => setSeverity(level)}
                />
                <span>{level}</span>
              </label>
            ))}
          </div>
          <small>{t('incident.form.severityHint')}</small>
        </fieldset>
        <label className="field">
          <span>{t('incident.field.description')}</span>
          <textarea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={4}
            maxLength={4000}
            required
            data-testid="incident-description"
          />
        </label>
        <fieldset className="field segmented">
          <legend>{t('incident.field.injured')}</legend>
          <div className="segments">
            {([true, false] as const).map((value) => (
              <label key={String(value)} className={injured === value ? 'is-active' : undefined}>
                <input
                  type="radio"
                  name="injured"
                  checked={injured === value}
                  onChange={() => setInjured(value)}
                  data-testid={`incident-injured-${value ? 'yes' : 'no'}`}
                />
                <span>{value ? t('incident.yes') : t('incident.no')}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <span id="incident-place-label">{t('incident.field.place')}</span>
          <div className="place-search">
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('incident.form.placeSearch')}
              aria-labelledby="incident-place-label"
              data-testid="incident-place-search"
            />
            {hits.length > 0 && (
              <ul className="place-hits">
                {hits.map((hit) => (
                  <li key={`${hit.layerId}/${hit.id}`}>
                    <button type="button" onClick={() => void choose(hit)}>
                      {hit.name}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="place-map">
            <MapView
              config={config}
              layers={layers}
              images={images}
              initial={initial}
              label={t('incident.form.mapLabel')}
              onController={setController}
            />
          </div>
          <small data-testid="incident-place">
            {position
              ? placeName ||
                t('incident.form.placeChosen', { lon: position[0].toFixed(5), lat: position[1].toFixed(5) })
              : t('incident.form.placeHint')}
          </small>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
          <span>{t('incident.form.restricted')}</span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={sending} data-testid="incident-submit">
          {sending ? t('incident.form.sending') : t('incident.form.submit')}
        </button>
      </form>
    </section>
  )
}
