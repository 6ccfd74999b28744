/**
 * The register's small forms: a new or changed actor (name, type, function, TIB), a link to another
 * actor, an area of responsibility taken from a district. Each sends one request and reports the
 * server's refusal as it says it.
 */
import { type FormEvent, useState } from 'react'
import type { ActorCard, ActorLinkType, ActorSummary } from '../../common/actor-register.ts'
import { actorLinkTerms, actorTypeTerms, sectorTerms } from '../../common/domain.ts'
import { useI18n } from '../i18n/i18n.tsx'
import type { MapController } from '../map/map-controller.ts'
import type { District } from './actor-register.tsx'
import { networkApi } from './network-api.ts'

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

export function ActorEditor({
  controller,
  actor,
  onDone,
}: {
  controller: MapController | null
  actor?: ActorCard['actor']
  onDone: (createdId?: string) => void
}) {
  const { t, term } = useI18n()
  const [name, setName] = useState(actor?.name ?? '')
  const [actorType, setActorType] = useState<string>(actor?.actorType ?? 'municipal_department')
  const [sector, setSector] = useState<string>(actor?.sector ?? '')
  const [onCallFunction, setOnCallFunction] = useState(actor?.onCall?.function ?? '')
  const [onCallPhone, setOnCallPhone] = useState(actor?.onCall?.phone ?? '')
  const [error, setError] = useState<string | null>(null)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const properties = {
      name: name.trim(),
      actorType,
      sector: sector || null,
      onCall: onCallFunction.trim()
        ? { function: onCallFunction.trim(), phone: onCallPhone.trim() || null, hours: '24/7' }
        : null,
    }
    const center = controller?.map.getCenter()
    const work = actor
      ? networkApi.changeActor(actor.id, properties).then(() => onDone())
      : networkApi
          .createActor(properties, center ? [center.lng, center.lat] : [0, 0])
          .then((created) => onDone(created.id))
    work.catch((err: unknown) => setError(messageOf(err)))
  }

  return (
    <form className="register-form" onSubmit={submit} aria-label={t(actor ? 'actors.edit' : 'actors.new')}>
      <label className="field">
        <span className="field-label">{t('actors.form.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        <span className="field-label">{t('actors.filter.type')}</span>
        <select value={actorType} onChange={(e) => setActorType(e.target.value)}>
          {Object.entries(actorTypeTerms).map(([k, v]) => (
            <option key={k} value={k}>
              {term(v)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('actors.filter.sector')}</span>
        <select value={sector} onChange={(e) => setSector(e.target.value)}>
          <option value="">{t('actors.noSector')}</option>
          {Object.entries(sectorTerms).map(([k, v]) => (
            <option key={k} value={k}>
              {term(v)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('actors.form.onCallFunction')}</span>
        <input value={onCallFunction} onChange={(e) => setOnCallFunction(e.target.value)} maxLength={120} />
      </label>
      <label className="field">
        <span className="field-label">{t('actors.form.onCallPhone')}</span>
        <input
          type="tel"
          value={onCallPhone}
          onChange={(e) => setOnCallPhone(e.target.value)}
          maxLength={40}
        />
      </label>
      {!actor && <p className="field-hint">{t('actors.form.placeHint')}</p>}
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-small">
          {t('actors.save')}
        </button>
        <button type="button" className="button button-small button-secondary" onClick={() => onDone()}>
          {t('actors.cancel')}
        </button>
      </div>
    </form>
  )
}

export function LinkEditor({
  actorId,
  actors,
  onDone,
}: {
  actorId: string
  actors: readonly ActorSummary[]
  onDone: () => void
}) {
  const { t, term } = useI18n()
  const [other, setOther] = useState('')
  const [linkType, setLinkType] = useState<ActorLinkType>('collaboration_agreement')
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    networkApi
      .createLink({ fromActorId: actorId, toActorId: other, linkType })
      .then(onDone)
      .catch((err: unknown) => setError(messageOf(err)))
  }
  return (
    <form className="register-form inline-form" onSubmit={submit} aria-label={t('actors.addLink')}>
      <select
        value={other}
        onChange={(e) => setOther(e.target.value)}
        required
        aria-label={t('actors.form.otherActor')}
      >
        <option value="">{t('actors.form.otherActor')}</option>
        {actors
          .filter((a) => a.id !== actorId)
          .map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
      </select>
      <select
        value={linkType}
        onChange={(e) => setLinkType(e.target.value as ActorLinkType)}
        aria-label={t('actors.form.linkType')}
      >
        {Object.entries(actorLinkTerms).map(([k, v]) => (
          <option key={k} value={k}>
            {term(v)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-small">
        {t('actors.addLink')}
      </button>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

export function AreaEditor({
  actorId,
  districts,
  onDone,
}: {
  actorId: string
  districts: readonly District[]
  onDone: () => void
}) {
  const { t } = useI18n()
  const [areaId, setAreaId] = useState('')
  const [responsibility, setResponsibility] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    networkApi
      .createArea({ actorId, areaId, responsibility: responsibility.trim() })
      .then(onDone)
      .catch((err: unknown) => setError(messageOf(err)))
  }
  return (
    <form className="register-form inline-form" onSubmit={submit} aria-label={t('actors.addArea')}>
      <select
        value={areaId}
        onChange={(e) => setAreaId(e.target.value)}
        required
        aria-label={t('actors.filter.area')}
      >
        <option value="">{t('actors.filter.area')}</option>
        {districts.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <input
        value={responsibility}
        onChange={(e) => setResponsibility(e.target.value)}
        required
        maxLength={300}
        placeholder={t('actors.form.responsibility')}
        aria-label={t('actors.form.responsibility')}
      />
      <button type="submit" className="button button-small">
        {t('actors.addArea')}
      </button>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
