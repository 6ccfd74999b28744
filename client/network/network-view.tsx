/**
 * The network view: the actor links the caller may read (collaboration agreements, mutual aid,
 * supply, reporting lines) drawn as directed arcs over the map, filtered by link type and actor
 * type, with the selected actor's neighbourhood bright and listed, and the rest dimmed.
 */
import { useEffect, useMemo, useState } from 'react'
import {
  type ActorLinkType,
  type ActorSummary,
  ActorTypeId,
  ActorLinkType as LinkTypeEnum,
} from '../../common/actor-register.ts'
import { type ActorType, actorLinkTerms, actorTypeTerms } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import { api } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { actorLinkColours, actorTypeColours } from '../layers/palette.ts'
import { networkApi } from './network-api.ts'
import { type NetworkArc, type NetworkOverlay, neighbourhood } from './network-overlay.ts'

const linkTypes = LinkTypeEnum.options
const actorTypes = ActorTypeId.options

export function NetworkView({
  overlay,
  selectedActorId,
  onSelectActor,
  onFit,
}: {
  overlay: NetworkOverlay | null
  selectedActorId: string | null
  onSelectActor: (id: string) => void
  /** Frames the selected actor's neighbourhood on the map. */
  onFit: (bbox: BBox) => void
}) {
  const { t, term } = useI18n()
  const [links, setLinks] = useState<NetworkArc[]>([])
  const [actors, setActors] = useState<ActorSummary[]>([])
  const [shownLinks, setShownLinks] = useState<ReadonlySet<ActorLinkType>>(() => new Set(linkTypes))
  const [shownActors, setShownActors] = useState<ReadonlySet<ActorType>>(() => new Set(actorTypes))

  useEffect(() => {
    const abort = new AbortController()
    Promise.all([
      api.features('actor-links', { limit: '5000' }, abort.signal),
      networkApi.actors({}, abort.signal),
    ])
      .then(([fc, register]) => {
        setActors(register.actors)
        setLinks(
          fc.features.flatMap((f): NetworkArc[] => {
            const p = f.properties
            const line = f.geometry.type === 'LineString' ? f.geometry.coordinates : null
            if (!line || line.length < 2) return []
            return [
              {
                id: String(f.id),
                linkType: p.linkType as ActorLinkType,
                fromActorId: String(p.fromActorId),
                toActorId: String(p.toActorId),
                from: line[0] as [number, number],
                to: line[line.length - 1] as [number, number],
              },
            ]
          }),
        )
      })
      .catch(() => {
        // The view stays empty; the register list says whether the server answers.
      })
    return () => abort.abort()
  }, [])

  const typeOf = useMemo(() => new Map(actors.map((a) => [a.id, a.actorType])), [actors])
  const arcs = useMemo(
    () =>
      links.filter(
        (l) =>
          shownLinks.has(l.linkType) &&
          shownActors.has(typeOf.get(l.fromActorId) ?? 'other') &&
          shownActors.has(typeOf.get(l.toActorId) ?? 'other'),
      ),
    [links, shownLinks, shownActors, typeOf],
  )
  const nodes = useMemo(
    () =>
      actors.flatMap((a) =>
        a.position && shownActors.has(a.actorType)
          ? [{ id: a.id, actorType: a.actorType, position: a.position }]
          : [],
      ),
    [actors, shownActors],
  )

  useEffect(() => {
    overlay?.showNetwork({ arcs, nodes, selectedActorId })
  }, [overlay, arcs, nodes, selectedActorId])
  useEffect(() => () => overlay?.showNetwork(null), [overlay])

  // The neighbourhood is framed once per chosen actor, not again when a filter changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: framed when the actor or the links arrive.
  useEffect(() => {
    if (!selectedActorId) return
    const near = neighbourhood(arcs, selectedActorId)
    const points = nodes.filter((n) => near.actors.has(n.id)).map((n) => n.position)
    if (points.length < 2) return
    const lons = points.map((p) => p[0])
    const lats = points.map((p) => p[1])
    onFit([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)])
  }, [selectedActorId, links.length])

  const nameOf = useMemo(() => new Map(actors.map((a) => [a.id, a.name])), [actors])
  const near = selectedActorId ? neighbourhood(arcs, selectedActorId) : null
  const toggle = <T,>(set: ReadonlySet<T>, value: T, on: boolean): ReadonlySet<T> => {
    const next = new Set(set)
    if (on) next.add(value)
    else next.delete(value)
    return next
  }

  return (
    <section className="network-view" aria-labelledby="network-heading">
      <h3 id="network-heading">{t('actors.network.heading')}</h3>
      <p className="field-hint" data-testid="network-count">
        {t('actors.network.count', { links: arcs.length, actors: nodes.length })}
      </p>
      <fieldset className="register-fieldset">
        <legend>{t('actors.network.linkTypes')}</legend>
        {linkTypes.map((k) => (
          <label key={k} className="register-check">
            <input
              type="checkbox"
              checked={shownLinks.has(k)}
              onChange={(e) => setShownLinks((s) => toggle(s, k, e.target.checked))}
            />
            <span className="swatch" style={{ background: actorLinkColours[k] }} aria-hidden="true" />
            {term(actorLinkTerms[k])}
          </label>
        ))}
      </fieldset>
      <fieldset className="register-fieldset">
        <legend>{t('actors.network.actorTypes')}</legend>
        {actorTypes.map((k) => (
          <label key={k} className="register-check">
            <input
              type="checkbox"
              checked={shownActors.has(k)}
              onChange={(e) => setShownActors((s) => toggle(s, k, e.target.checked))}
            />
            <span
              className="swatch swatch-round"
              style={{ background: actorTypeColours[k] }}
              aria-hidden="true"
            />
            {term(actorTypeTerms[k])}
          </label>
        ))}
      </fieldset>
      <p className="field-hint">{t('actors.network.direction')}</p>
      {near ? (
        <div className="card-section">
          <h4>{t('actors.network.neighbourhood', { name: nameOf.get(selectedActorId ?? '') ?? '' })}</h4>
          <ul className="card-list">
            {arcs
              .filter((a) => near.links.has(a.id))
              .map((a) => {
                const other = a.fromActorId === selectedActorId ? a.toActorId : a.fromActorId
                return (
                  <li key={a.id}>
                    <span aria-hidden="true">{a.fromActorId === selectedActorId ? '→' : '←'}</span>{' '}
                    <button type="button" className="link-button" onClick={() => onSelectActor(other)}>
                      {nameOf.get(other)}
                    </button>
                    <span className="actor-meta"> · {term(actorLinkTerms[a.linkType])}</span>
                  </li>
                )
              })}
          </ul>
        </div>
      ) : (
        <p className="field-hint">{t('actors.network.pick')}</p>
      )}
      <ul className="actor-list">
        {actors
          .filter((a) => shownActors.has(a.actorType))
          .map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className={`actor-row${a.id === selectedActorId ? ' selected' : ''}`}
                onClick={() => onSelectActor(a.id)}
              >
                <span className="actor-name">{a.name}</span>
              </button>
            </li>
          ))}
      </ul>
    </section>
  )
}
