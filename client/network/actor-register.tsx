/**
 * The actor register beside the map: search and filter the actors, open one's card (contacts, TIB
 * as phone links, areas of responsibility, links, owned assets), edit them where the role may, ask
 * "who is responsible here" with a click on the map, and switch to the network view of the links.
 */
import { useCallback, useEffect, useState } from 'react'
import type { ActorCard, ActorSummary, OnCall, ResponsibleGroup } from '../../common/actor-register.ts'
import { mayEditActorRegister } from '../../common/actor-register.ts'
import { actorLinkTerms, actorTypeTerms, type Sector, sectorTerms } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import { api, type SignedInUser } from '../api/api-client.ts'
import { telHref } from '../features/attribute-format.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from '../layers/classification-badge.tsx'
import type { MapController } from '../map/map-controller.ts'
import { ActorEditor, AreaEditor, LinkEditor } from './actor-editors.tsx'
import { type ActorFilter, networkApi } from './network-api.ts'
import type { NetworkOverlay } from './network-overlay.ts'
import { NetworkView } from './network-view.tsx'
import './network.css'

export interface ActorRegisterProps {
  user: SignedInUser
  controller: MapController | null
  overlay: NetworkOverlay | null
  onOpenAsset: (assetId: string) => void
}

type Tab = 'list' | 'network'
export interface District {
  id: string
  name: string
}

function OnCallLine({ onCall }: { onCall: OnCall }) {
  const { t } = useI18n()
  return (
    <p className="on-call">
      <span className="on-call-badge">{t('actors.onCallShort')}</span> <strong>{onCall.function}</strong>
      {onCall.phone && (
        <a className="contact-link" href={telHref(onCall.phone)}>
          <span className="visually-hidden">{t('value.phone')}: </span>
          {onCall.phone}
        </a>
      )}
      {onCall.hours && (
        <span className="contact-hours">{onCall.hours === '24/7' ? t('value.around') : onCall.hours}</span>
      )}
    </p>
  )
}

export function ActorRegister({ user, controller, overlay, onOpenAsset }: ActorRegisterProps) {
  const { t, term } = useI18n()
  const [tab, setTab] = useState<Tab>('list')
  const [filter, setFilter] = useState<ActorFilter>({})
  const [actors, setActors] = useState<ActorSummary[] | null>(null)
  const [failed, setFailed] = useState(false)
  const [districts, setDistricts] = useState<District[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const [responsible, setResponsible] = useState<{ at: [number, number]; groups: ResponsibleGroup[] } | null>(
    null,
  )
  const [version, setVersion] = useState(0)
  const [creating, setCreating] = useState(false)
  const mayEdit = mayEditActorRegister(user.role)
  const refresh = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    const abort = new AbortController()
    api
      .features('districts', { limit: '500' }, abort.signal)
      .then((fc) =>
        setDistricts(
          fc.features
            .map((f) => ({ id: String(f.id), name: String(f.properties.name ?? '') }))
            .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        ),
      )
      .catch(() => setDistricts([]))
    return () => abort.abort()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads after an edit.
  useEffect(() => {
    const abort = new AbortController()
    const timer = setTimeout(() => {
      networkApi
        .actors(filter, abort.signal)
        .then((answer) => {
          setActors(answer.actors)
          setFailed(false)
        })
        .catch(() => {
          if (!abort.signal.aborted) setFailed(true)
        })
    }, 150)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [filter, version])

  // "Who is responsible here": the next click on the map asks, instead of opening an object.
  useEffect(() => {
    if (!picking || !controller) return
    controller.holdPointer(true)
    const canvas = controller.map.getCanvas()
    canvas.style.cursor = 'crosshair'
    const onClick = (e: { lngLat: { lng: number; lat: number } }) => {
      const at: [number, number] = [e.lngLat.lng, e.lngLat.lat]
      setPicking(false)
      networkApi
        .responsibleAt(at[0], at[1])
        .then((groups) => setResponsible({ at, groups }))
        .catch(() => setResponsible({ at, groups: [] }))
    }
    controller.map.once('click', onClick)
    return () => {
      controller.map.off('click', onClick)
      controller.holdPointer(false)
      canvas.style.cursor = ''
    }
  }, [picking, controller])

  const zoomTo = (bbox: BBox) => controller?.fitBounds(bbox, 14)

  return (
    <nav className="layer-panel actor-register" aria-labelledby="actor-register-heading">
      <div className="panel-heading">
        <h2 id="actor-register-heading">{t('actors.heading')}</h2>
        <span className="panel-meta">{actors ? t('actors.count', { n: actors.length }) : ''}</span>
      </div>
      <div className="register-tabs" role="tablist">
        {(['list', 'network'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={`register-tab${tab === id ? ' active' : ''}`}
            onClick={() => setTab(id)}
          >
            {t(id === 'list' ? 'actors.tab.list' : 'actors.tab.network')}
          </button>
        ))}
      </div>
      <div className="register-body">
        <div className="button-row">
          <button
            type="button"
            className={`button button-small${picking ? '' : ' button-secondary'}`}
            aria-pressed={picking}
            onClick={() => setPicking((p) => !p)}
          >
            {t('actors.whoHere')}
          </button>
          {mayEdit && tab === 'list' && (
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => setCreating(true)}
            >
              {t('actors.new')}
            </button>
          )}
        </div>
        {picking && <p className="field-hint">{t('actors.whoHereHint')}</p>}
        {responsible && (
          <section className="responsible" aria-labelledby="responsible-heading">
            <div className="responsible-head">
              <h3 id="responsible-heading">{t('actors.responsibleHeading')}</h3>
              <button
                type="button"
                className="icon-button"
                onClick={() => setResponsible(null)}
                aria-label={t('feature.close')}
              >
                ×
              </button>
            </div>
            {responsible.groups.length === 0 && <p className="panel-status">{t('actors.responsibleNone')}</p>}
            {responsible.groups.map((g) => (
              <div key={g.sector ?? 'none'} className="responsible-group">
                <h4>{g.sector ? term(sectorTerms[g.sector]) : t('actors.noSector')}</h4>
                <ul>
                  {g.actors.map((a) => (
                    <li key={a.id}>
                      <button type="button" className="link-button" onClick={() => setSelected(a.id)}>
                        {a.name}
                      </button>
                      <span className="responsible-what">
                        {a.responsibilities.map((r) => r.responsibility).join('; ')}
                      </span>
                      {a.onCall && <OnCallLine onCall={a.onCall} />}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        )}
        {creating && (
          <ActorEditor
            controller={controller}
            onDone={(id) => {
              setCreating(false)
              refresh()
              if (id) setSelected(id)
            }}
          />
        )}
        {selected && tab === 'list' ? (
          <ActorCardView
            key={`${selected}/${version}`}
            actorId={selected}
            mayEdit={mayEdit}
            actors={actors ?? []}
            districts={districts}
            onBack={() => setSelected(null)}
            onOpenActor={setSelected}
            onOpenAsset={onOpenAsset}
            onZoomTo={zoomTo}
            onChanged={refresh}
            onDeleted={() => {
              setSelected(null)
              refresh()
            }}
            controller={controller}
          />
        ) : tab === 'list' ? (
          <>
            <div className="register-filters">
              <label className="field">
                <span className="field-label">{t('actors.search')}</span>
                <input
                  type="search"
                  value={filter.q ?? ''}
                  onChange={(e) => setFilter((f) => ({ ...f, q: e.target.value }))}
                  placeholder={t('actors.searchPlaceholder')}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('actors.filter.type')}</span>
                <select
                  value={filter.type ?? ''}
                  onChange={(e) => setFilter((f) => ({ ...f, type: e.target.value || undefined }))}
                >
                  <option value="">{t('actors.filter.all')}</option>
                  {Object.entries(actorTypeTerms).map(([k, v]) => (
                    <option key={k} value={k}>
                      {term(v)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('actors.filter.sector')}</span>
                <select
                  value={filter.sector ?? ''}
                  onChange={(e) => setFilter((f) => ({ ...f, sector: e.target.value || undefined }))}
                >
                  <option value="">{t('actors.filter.all')}</option>
                  {Object.entries(sectorTerms).map(([k, v]) => (
                    <option key={k} value={k}>
                      {term(v)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('actors.filter.area')}</span>
                <select
                  value={filter.areaId ?? ''}
                  onChange={(e) => setFilter((f) => ({ ...f, areaId: e.target.value || undefined }))}
                >
                  <option value="">{t('actors.filter.all')}</option>
                  {districts.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="register-check">
                <input
                  type="checkbox"
                  checked={filter.onCall === true}
                  onChange={(e) => setFilter((f) => ({ ...f, onCall: e.target.checked ? true : undefined }))}
                />
                {t('actors.filter.onCall')}
              </label>
            </div>
            {failed && <p className="panel-error">{t('actors.failed')}</p>}
            <ul className="actor-list">
              {(actors ?? []).map((a) => (
                <li key={a.id}>
                  <button type="button" className="actor-row" onClick={() => setSelected(a.id)}>
                    <span className="actor-name">{a.name}</span>
                    <span className="actor-meta">
                      {term(actorTypeTerms[a.actorType])}
                      {a.sector ? ` · ${term(sectorTerms[a.sector as Sector])}` : ''}
                    </span>
                    {a.onCall && (
                      <span className="actor-oncall">
                        {t('actors.onCallShort')} {a.onCall.phone ?? a.onCall.function}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
            {actors?.length === 0 && <p className="panel-status">{t('actors.none')}</p>}
          </>
        ) : null}
        {tab === 'network' && (
          <NetworkView
            overlay={overlay}
            selectedActorId={selected}
            onSelectActor={setSelected}
            onFit={(bbox) => controller?.fitBounds(bbox, 14)}
          />
        )}
      </div>
    </nav>
  )
}

interface CardProps {
  actorId: string
  mayEdit: boolean
  actors: readonly ActorSummary[]
  districts: readonly District[]
  controller: MapController | null
  onBack: () => void
  onOpenActor: (id: string) => void
  onOpenAsset: (id: string) => void
  onZoomTo: (bbox: BBox) => void
  onChanged: () => void
  onDeleted: () => void
}

function ActorCardView({
  actorId,
  mayEdit,
  actors,
  districts,
  controller,
  onBack,
  onOpenActor,
  onOpenAsset,
  onZoomTo,
  onChanged,
  onDeleted,
}: CardProps) {
  const { t, term } = useI18n()
  const [card, setCard] = useState<ActorCard | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)

  useEffect(() => {
    const abort = new AbortController()
    networkApi
      .actor(actorId, abort.signal)
      .then((c) => {
        setCard(c)
        if (c.actor.position) controller?.map.easeTo({ center: c.actor.position, duration: 500 })
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [actorId, controller])

  const act = (work: Promise<unknown>) =>
    work.then(onChanged).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))

  if (!card)
    return (
      <section className="actor-card">
        <button type="button" className="link-button" onClick={onBack}>
          ← {t('actors.back')}
        </button>
        {error ? (
          <p className="panel-error">{error}</p>
        ) : (
          <p className="panel-status">{t('feature.loading')}</p>
        )}
      </section>
    )
  const { actor, areas, links, assets } = card
  return (
    <section className="actor-card" aria-labelledby="actor-card-heading">
      <button type="button" className="link-button" onClick={onBack}>
        ← {t('actors.back')}
      </button>
      <div className="feature-kicker">
        <span>{term(actorTypeTerms[actor.actorType])}</span>
        <ClassificationBadge level={actor.classification} />
      </div>
      <h3 id="actor-card-heading" className="actor-card-title">
        {actor.name}
      </h3>
      {actor.sector && <p className="actor-meta">{term(sectorTerms[actor.sector])}</p>}
      {actor.description && <p>{actor.description}</p>}
      {actor.address && <p className="actor-meta">{actor.address}</p>}
      {error && <p className="panel-error">{error}</p>}
      {actor.onCall && (
        <div className="card-section">
          <h4>{t('actors.onCall')}</h4>
          <OnCallLine onCall={actor.onCall} />
        </div>
      )}
      {actor.contacts.length > 0 && (
        <div className="card-section">
          <h4>{t('actors.contacts')}</h4>
          <ul className="contacts">
            {actor.contacts.map((c) => (
              <li key={`${c.name}|${c.phone ?? ''}|${c.email ?? ''}`}>
                <div className="contact-name">
                  <strong>{c.name}</strong>
                  {c.role && <span className="contact-role">{c.role}</span>}
                </div>
                {c.phone && (
                  <a className="contact-link" href={telHref(c.phone)}>
                    {c.phone}
                  </a>
                )}
                {c.email && (
                  <a className="contact-link" href={`mailto:${c.email}`}>
                    {c.email}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card-section">
        <h4>{t('actors.areas', { n: areas.length })}</h4>
        <ul className="card-list">
          {areas.map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" onClick={() => onZoomTo(a.bbox)}>
                {a.responsibility}
              </button>
              {a.areaName && <span className="actor-meta"> · {a.areaName}</span>}
              {mayEdit && (
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => act(networkApi.deleteArea(a.id))}
                  aria-label={t('actors.removeArea', { name: a.responsibility })}
                >
                  {t('actors.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {mayEdit && <AreaEditor actorId={actor.id} districts={districts} onDone={onChanged} />}
      </div>
      <div className="card-section">
        <h4>{t('actors.links', { n: links.length })}</h4>
        <ul className="card-list">
          {links.map((l) => (
            <li key={l.id} data-link-type={l.linkType}>
              <span className="link-direction" aria-hidden="true">
                {l.direction === 'out' ? '→' : '←'}
              </span>
              <button type="button" className="link-button" onClick={() => onOpenActor(l.otherActorId)}>
                {l.otherActorName}
              </button>
              <span className="actor-meta">
                {' '}
                · {term(actorLinkTerms[l.linkType])} (
                {t(l.direction === 'out' ? 'actors.linkOut' : 'actors.linkIn')})
              </span>
              {mayEdit && (
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => act(networkApi.deleteLink(l.id))}
                  aria-label={t('actors.removeLink', { name: l.otherActorName })}
                >
                  {t('actors.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {mayEdit && <LinkEditor actorId={actor.id} actors={actors} onDone={onChanged} />}
      </div>
      <div className="card-section">
        <h4>{t('actors.assets', { n: assets.length })}</h4>
        <ul className="card-list">
          {assets.map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" onClick={() => onOpenAsset(a.id)}>
                {a.name}
              </button>
              <span className="actor-meta">
                {' '}
                · {a.function}
                {a.styrelClass ? ` · Styrel ${a.styrelClass}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {mayEdit && (
        <div className="button-row">
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => setEditing((e) => !e)}
          >
            {t('actors.edit')}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => {
              if (window.confirm(t('actors.confirmDelete', { name: actor.name })))
                networkApi
                  .deleteActor(actor.id)
                  .then(onDeleted)
                  .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
            }}
          >
            {t('actors.delete')}
          </button>
        </div>
      )}
      {editing && (
        <ActorEditor
          controller={controller}
          actor={actor}
          onDone={() => {
            setEditing(false)
            onChanged()
          }}
        />
      )}
    </section>
  )
}
