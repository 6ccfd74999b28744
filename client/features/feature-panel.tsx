/** The side panel with one feature's attributes, fetched in full from the features API. */
import { type ReactNode, useEffect, useRef, useState } from 'react'
import type { BBox } from '../../common/geo.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { api, type LayerFeature } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from '../layers/classification-badge.tsx'
import type { SelectedFeature } from '../map/url-state.ts'
import { type AttributeValue, featureTitle, formatAttributes, telHref } from './attribute-format.ts'
import { featureBBox } from './geometry-bbox.ts'

export interface FeaturePanelProps {
  selection: SelectedFeature
  layer: LayerInfo | undefined
  onClose: () => void
  onLoaded: (feature: LayerFeature | null) => void
  onZoomTo: (bbox: BBox) => void
  /** More about the object below its attributes (a critical asset's dependencies). */
  children?: ReactNode
}

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; feature: LayerFeature }

function ValueView({ value }: { value: AttributeValue }) {
  const { t } = useI18n()
  switch (value.kind) {
    case 'text':
      return <>{value.text}</>
    case 'list':
      return (
        <ul className="value-list">
          {value.items.map((item) => (
            <li key={item.label}>
              <span className="value-label">{item.label}</span>
              <strong>{item.text}</strong>
            </li>
          ))}
        </ul>
      )
    case 'contacts':
      return (
        <ul className="contacts">
          {value.contacts.map((c) => (
            <li key={`${c.name ?? ''}|${c.role ?? ''}|${c.phone ?? ''}|${c.email ?? ''}`}>
              {(c.name || c.role) && (
                <div className="contact-name">
                  {c.name && <strong>{c.name}</strong>}
                  {c.role && <span className="contact-role">{c.role}</span>}
                </div>
              )}
              {c.phone && (
                <a href={telHref(c.phone)} className="contact-link">
                  <span className="visually-hidden">{t('value.phone')}: </span>
                  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <path
                      fill="currentColor"
                      d="M3.6 1.2 5.8 1l1.3 3.4-1.6 1.2a9 9 0 0 0 4.9 4.9l1.2-1.6 3.4 1.3-.2 2.2c-.1.8-.8 1.4-1.6 1.4A12.4 12.4 0 0 1 1.2 2.8c0-.8.6-1.5 1.4-1.6z"
                    />
                  </svg>
                  {c.phone}
                </a>
              )}
              {c.email && (
                <a href={`mailto:${c.email}`} className="contact-link">
                  <span className="visually-hidden">{t('value.email')}: </span>
                  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <path
                      fill="currentColor"
                      d="M1 3h14v10H1zm1.5 1.5v.3L8 8.6l5.5-3.8v-.3zm11 1.9L8 10.2 2.5 6.4v5.1h11z"
                    />
                  </svg>
                  {c.email}
                </a>
              )}
              {c.hours && (
                <span className="contact-hours">{c.hours === '24/7' ? t('value.around') : c.hours}</span>
              )}
            </li>
          ))}
        </ul>
      )
  }
}

export function FeaturePanel({ selection, layer, onClose, onLoaded, onZoomTo, children }: FeaturePanelProps) {
  const { t, term, lang } = useI18n()
  const [state, setState] = useState<State>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const heading = useRef<HTMLHeadingElement>(null)
  const onLoadedRef = useRef(onLoaded)
  onLoadedRef.current = onLoaded

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's trigger.
  useEffect(() => {
    const controller = new AbortController()
    setState({ status: 'loading' })
    api
      .feature(selection.layerId, selection.featureId, controller.signal)
      .then((feature) => {
        setState({ status: 'ready', feature })
        onLoadedRef.current(feature)
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return
        setState({ status: 'error', message: err instanceof Error ? err.message : String(err) })
        onLoadedRef.current(null)
      })
    return () => controller.abort()
  }, [selection.layerId, selection.featureId, attempt])

  useEffect(() => {
    if (state.status === 'ready') heading.current?.focus()
  }, [state.status])

  const layerTitle = layer ? term(layer.titles, layer.title) : selection.layerId
  const properties = state.status === 'ready' ? state.feature.properties : {}
  const title =
    state.status === 'ready'
      ? ((layer && featureTitle(layer.id, properties, lang)) ?? t('feature.unnamed'))
      : ''
  const bbox: BBox | null = state.status === 'ready' ? featureBBox(state.feature) : null
  const classification =
    state.status === 'ready'
      ? (state.feature.properties.classification ?? layer?.classification)
      : layer?.classification

  return (
    <aside className="feature-panel" aria-labelledby="feature-heading" aria-busy={state.status === 'loading'}>
      <div className="feature-header">
        <div className="feature-kicker">
          <span>{layerTitle}</span>
          {classification && <ClassificationBadge level={classification} />}
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t('feature.close')}
          title={t('feature.close')}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <h2 id="feature-heading" ref={heading} tabIndex={-1}>
        {state.status === 'ready' ? title : t('feature.heading')}
      </h2>
      {state.status === 'loading' && (
        <p className="panel-status">
          <span className="spinner" aria-hidden="true" /> {t('feature.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <div className="panel-error" role="alert">
          <p>{t('feature.failed')}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          {classification === 'restricted' && (
            <p className="restricted-notice">{t('feature.restrictedNotice')}</p>
          )}
          <dl className="attributes">
            {(layer ? formatAttributes(layer.id, properties, lang) : []).map((a) => (
              <div key={a.key} className="attribute" data-key={a.key}>
                <dt>{a.label}</dt>
                <dd>
                  <ValueView value={a.value} />
                </dd>
              </div>
            ))}
          </dl>
          {children}
          {bbox && (
            <button type="button" className="button button-secondary" onClick={() => onZoomTo(bbox)}>
              {t('feature.zoomTo')}
            </button>
          )}
        </>
      )}
    </aside>
  )
}
