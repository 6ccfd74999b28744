/**
 * The crisis sessions (*krisledning*) the user may see, open ones first and closed ones below (they
 * stay browsable), each with its escalation level; and, for those who may create one, the form for
 * a new session: title, type of event, escalation level, classification and who is invited.
 */
import './crisis.css'
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { eventTypeTerms, type SessionRole, type SessionSummary } from '../../common/crisis.ts'
import { type Classification, classificationTerms, type Role } from '../../common/domain.ts'
import { Capability, may } from '../../common/permissions.ts'
import { type AccountRow, api, type MunicipalityConfig, type SignedInUser } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from '../layers/classification-badge.tsx'
import { routeHash } from '../map/url-state.ts'
import { EscalationBadge, StatusBadge } from './crisis-badges.tsx'
import { refusalText } from './refusal.ts'
import { eventTypeName, eventTypeValue, formatWhen } from './session-format.ts'
import { useOrganisations } from './use-organisations.ts'

type Load =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; sessions: SessionSummary[] }

export interface SessionListProps {
  config: MunicipalityConfig
  user: SignedInUser
  /** Opens the normal map again, where the user left it. */
  onBackToMap: () => void
}

export function SessionList({ config, user, onBackToMap }: SessionListProps) {
  const { t } = useI18n()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const mayCreate = may(user.role, Capability.createCrisisSession)
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    const controller = new AbortController()
    api
      .sessions(controller.signal)
      .then((sessions) => setLoad({ status: 'ready', sessions }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return
        const text = refusalText(err)
        setLoad({ status: 'error', message: t(text.key, text.params) })
      })
    return () => controller.abort()
  }, [t])

  const sessions = load.status === 'ready' ? load.sessions : []
  const open = sessions.filter((s) => s.status === 'open')
  const closed = sessions.filter((s) => s.status === 'closed')

  return (
    <section className="crisis-page" aria-labelledby="sessions-heading" data-testid="session-list">
      <header className="admin-header">
        <h1 id="sessions-heading" className="admin-heading">
          {t('crisis.list.heading')}
        </h1>
        <p className="crisis-page-intro">{t('crisis.list.intro')}</p>
        <button
          type="button"
          className="button button-secondary button-small admin-back"
          onClick={onBackToMap}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M10.5 2.5 5 8l5.5 5.5" stroke="currentColor" strokeWidth="2" fill="none" />
          </svg>
          {t('admin.close')}
        </button>
      </header>
      <div className="admin-body">
        <div className="admin-section">
          <div className="admin-main">
            <div className="admin-toolbar">
              <div>
                <h2 className="admin-title">{t('crisis.list.open')}</h2>
                {load.status === 'ready' && (
                  <p className="admin-meta">
                    {t('crisis.list.count', { open: open.length, closed: closed.length })}
                  </p>
                )}
              </div>
              {mayCreate && !creating && (
                <button type="button" className="button" onClick={() => setCreating(true)}>
                  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <path d="M7 2h2v5h5v2H9v5H7V9H2V7h5z" fill="currentColor" />
                  </svg>
                  {t('crisis.list.new')}
                </button>
              )}
            </div>
            {load.status === 'loading' && (
              <p className="panel-status">
                <span className="spinner" aria-hidden="true" /> {t('crisis.list.loading')}
              </p>
            )}
            {load.status === 'error' && (
              <p className="form-error" role="alert">
                {t('crisis.list.failed', { message: load.message })}
              </p>
            )}
            {load.status === 'ready' && (
              <>
                <SessionTable
                  sessions={open}
                  levels={config.escalationLevels}
                  user={user}
                  empty={mayCreate ? t('crisis.list.none') : t('crisis.list.noneInvited')}
                />
                <h2 className="admin-title crisis-closed-heading">{t('crisis.list.closed')}</h2>
                <SessionTable
                  sessions={closed}
                  levels={config.escalationLevels}
                  user={user}
                  empty={t('crisis.list.noneClosed')}
                />
              </>
            )}
          </div>
          {creating && <NewSessionForm config={config} user={user} onClose={() => setCreating(false)} />}
        </div>
      </div>
    </section>
  )
}

function SessionTable({
  sessions,
  levels,
  user,
  empty,
}: {
  sessions: readonly SessionSummary[]
  levels: MunicipalityConfig['escalationLevels']
  user: SignedInUser
  empty: string
}) {
  const { t, lang } = useI18n()
  if (sessions.length === 0) return <p className="crisis-empty">{empty}</p>
  return (
    <div className="table-wrap">
      <table className="admin-table session-table">
        <thead>
          <tr>
            <th scope="col">{t('crisis.list.title')}</th>
            <th scope="col">{t('crisis.list.eventType')}</th>
            <th scope="col">{t('crisis.list.level')}</th>
            <th scope="col">{t('crisis.list.status')}</th>
            <th scope="col">{t('crisis.list.classification')}</th>
            <th scope="col">{t('crisis.list.updated')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('crisis.list.report')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id} data-session={session.id}>
              <td>
                <a className="session-link" href={routeHash({ page: 'session', sessionId: session.id })}>
                  {session.title}
                </a>
                <span className="session-meta">
                  {t('crisis.list.started', {
                    time: formatWhen(session.createdAt, lang),
                    author: session.createdBy === user.username ? user.displayName : session.createdBy,
                  })}
                </span>
              </td>
              <td>{eventTypeName(session.eventType, lang)}</td>
              <td>
                <EscalationBadge levels={levels} level={session.escalationLevel} />
              </td>
              <td>
                <StatusBadge status={session.status} />
                {session.closedAt && (
                  <span className="session-meta">{formatWhen(session.closedAt, lang)}</span>
                )}
              </td>
              <td>
                <ClassificationBadge level={session.classification} />
              </td>
              <td className="nowrap">{formatWhen(session.updatedAt, lang)}</td>
              <td className="row-action">
                <a
                  className="button button-secondary button-small"
                  href={routeHash({ page: 'report', sessionId: session.id })}
                >
                  {t('crisis.list.report')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const sessionRoles: readonly SessionRole[] = ['participant', 'chair', 'observer']
const classifications: readonly Classification[] = ['open', 'internal', 'restricted']

/** The invitations chosen in the form, by organisation (actor) id and by user id. */
type Invitations = ReadonlyMap<string, SessionRole>

function NewSessionForm({
  config,
  user,
  onClose,
}: {
  config: MunicipalityConfig
  user: SignedInUser
  onClose: () => void
}) {
  const { t, term, lang } = useI18n()
  const [title, setTitle] = useState('')
  const [eventType, setEventType] = useState('')
  const [level, setLevel] = useState(config.escalationLevels[0]?.id ?? '')
  const [classification, setClassification] = useState<Classification>('internal')
  const organisations = useOrganisations()
  const [users, setUsers] = useState<AccountRow[]>([])
  const [byActor, setByActor] = useState<Invitations>(() => new Map())
  const [byUser, setByUser] = useState<Invitations>(() => new Map())
  const [filter, setFilter] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const mayListUsers = may(user.role as Role, Capability.manageUsers)

  useEffect(() => {
    if (!mayListUsers) return
    const controller = new AbortController()
    api
      .users(controller.signal)
      .then((list) => setUsers(list.filter((u) => !u.disabled && u.id !== user.id)))
      .catch(() => {
        // Without the list the session can still be created; people can be invited from it later.
      })
    return () => controller.abort()
  }, [mayListUsers, user.id])

  const needle = filter.trim().toLocaleLowerCase('sv')
  const shownOrganisations = useMemo(
    () => organisations.filter((o) => !needle || o.name.toLocaleLowerCase('sv').includes(needle)),
    [organisations, needle],
  )
  const shownUsers = useMemo(
    () =>
      users.filter(
        (u) =>
          !needle ||
          `${u.displayName} ${u.username} ${u.organisation?.name ?? ''}`
            .toLocaleLowerCase('sv')
            .includes(needle),
      ),
    [users, needle],
  )

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!title.trim()) {
      setError(t('crisis.create.titleMissing'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const created = await api.createSession({
        title: title.trim(),
        eventType: eventTypeValue(eventType),
        escalationLevel: level || undefined,
        classification,
        participants: [
          ...[...byActor].map(([actorId, role]) => ({ actorId, role })),
          ...[...byUser].map(([userId, role]) => ({ userId, role })),
        ],
      })
      window.location.hash = routeHash({ page: 'session', sessionId: created.id })
    } catch (err) {
      setBusy(false)
      const text = refusalText(err)
      setError(t('crisis.create.failed', { message: t(text.key, text.params) }))
    }
  }

  return (
    <aside className="admin-editor crisis-create" aria-labelledby="new-session-heading">
      <div className="admin-editor-header">
        <h3 id="new-session-heading" className="admin-editor-title">
          {t('crisis.create.heading')}
        </h3>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t('crisis.create.cancel')}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="new-session-form">
        <label className="field">
          <span className="field-label">{t('crisis.create.title')}</span>
          <input
            name="title"
            value={title}
            maxLength={200}
            placeholder={t('crisis.create.titlePlaceholder')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('crisis.create.eventType')}</span>
          <input
            name="eventType"
            list="event-types"
            value={eventType}
            maxLength={200}
            autoComplete="off"
            onChange={(e) => setEventType(e.target.value)}
          />
          <datalist id="event-types">
            {Object.values(eventTypeTerms).map((term) => (
              <option key={term.sv} value={term[lang]} />
            ))}
          </datalist>
          <span className="field-hint">{t('crisis.create.eventTypeHint')}</span>
        </label>
        <div className="field-pair">
          <label className="field">
            <span className="field-label">{t('crisis.create.level')}</span>
            <select name="escalationLevel" value={level} onChange={(e) => setLevel(e.target.value)}>
              {config.escalationLevels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l[lang]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('crisis.create.classification')}</span>
            <select
              name="classification"
              value={classification}
              onChange={(e) => setClassification(e.target.value as Classification)}
            >
              {classifications.map((c) => (
                <option key={c} value={c}>
                  {term(classificationTerms[c])}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="invite-fieldset">
          <legend className="field-label">
            {t('crisis.create.invite')}
            {byActor.size + byUser.size > 0 && (
              <span className="invite-count">
                {t('crisis.create.invitedCount', { n: byActor.size + byUser.size })}
              </span>
            )}
          </legend>
          <input
            className="invite-filter"
            type="search"
            aria-label={t('crisis.create.filter')}
            placeholder={t('crisis.create.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <div className="invite-list">
            <p className="invite-group">{t('crisis.create.organisations')}</p>
            {shownOrganisations.map((o) => (
              <InviteRow key={o.id} id={o.id} name={o.name} chosen={byActor} onChange={setByActor} />
            ))}
            {users.length > 0 && <p className="invite-group">{t('crisis.create.users')}</p>}
            {shownUsers.map((u) => (
              <InviteRow
                key={u.id}
                id={u.id}
                name={u.displayName}
                meta={u.organisation?.name}
                chosen={byUser}
                onChange={setByUser}
              />
            ))}
          </div>
          <span className="field-hint">{t('crisis.create.inviteHint')}</span>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('crisis.create.submitting') : t('crisis.create.submit')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('crisis.create.cancel')}
          </button>
        </div>
      </form>
    </aside>
  )
}

function InviteRow({
  id,
  name,
  meta,
  chosen,
  onChange,
}: {
  id: string
  name: string
  meta?: string
  chosen: Invitations
  onChange: (next: Invitations) => void
}) {
  const { t } = useI18n()
  const role = chosen.get(id)
  const toggle = (on: boolean) => {
    const next = new Map(chosen)
    if (on) next.set(id, 'participant')
    else next.delete(id)
    onChange(next)
  }
  return (
    <div className={`invite-row${role ? ' is-chosen' : ''}`}>
      <label className="invite-name">
        <input type="checkbox" checked={role !== undefined} onChange={(e) => toggle(e.target.checked)} />
        <span>
          {name}
          {meta && <span className="session-meta">{meta}</span>}
        </span>
      </label>
      {role && (
        <select
          aria-label={t('crisis.create.role', { name })}
          value={role}
          onChange={(e) => onChange(new Map(chosen).set(id, e.target.value as SessionRole))}
        >
          {sessionRoles.map((r) => (
            <option key={r} value={r}>
              {t(`crisis.role.${r}`)}
            </option>
          ))}
        </select>
      )}
    </div>
  )
}
