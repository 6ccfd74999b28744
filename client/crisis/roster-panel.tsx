/**
 * The roster (*deltagare*): who takes part, from which organisation, in which role and colour, and
 * whether they are connected; the presenter's controls (present my view, follow the presenter),
 * the other participants' viewports on the map, the laser pointer, and, for the chair, the
 * invitations.
 */
import { type FormEvent, useState } from 'react'
import type { Participant, RosterEntry, SessionRole } from '../../common/crisis.ts'
import { roleTerms } from '../../common/domain.ts'
import { api } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { initialsOf } from '../shell/initials.ts'
import { refusalText } from './refusal.ts'
import { participantName } from './session-format.ts'
import { useOrganisations } from './use-organisations.ts'

export interface PresenceControls {
  follow: boolean
  showViewports: boolean
  laser: boolean
}

export interface RosterPanelProps {
  sessionId: string
  roster: readonly RosterEntry[]
  participants: readonly Participant[]
  presenterId: string | null
  me: string
  controls: PresenceControls
  onControls: (controls: PresenceControls) => void
  /** Absent when the user may not present (closed session, no rights). */
  onPresent?: (on: boolean) => Promise<void>
  /** The chair invites and removes participants; absent for everyone else. */
  chair: boolean
  /** Tells the view a refusal happened, so it shows as a notice. */
  onRefused: (err: unknown) => void
}

const statusOrder = { online: 0, dropped: 1 } as const

export function RosterPanel({
  sessionId,
  roster,
  participants,
  presenterId,
  me,
  controls,
  onControls,
  onPresent,
  chair,
  onRefused,
}: RosterPanelProps) {
  const { t, term } = useI18n()
  const [busy, setBusy] = useState(false)
  const sorted = [...roster].sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] || a.displayName.localeCompare(b.displayName, 'sv'),
  )
  const online = roster.filter((r) => r.status === 'online').length
  const presenter = presenterId ? roster.find((r) => r.userId === presenterId) : undefined
  const presenting = presenterId === me
  const organisations = participants.filter((p) => p.actorId || p.withheld)

  const present = async (on: boolean) => {
    if (!onPresent) return
    setBusy(true)
    try {
      await onPresent(on)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="session-tab-body roster-panel">
      <section className="presence-controls" aria-label={t('crisis.roster.controls')}>
        {onPresent && (
          <button
            type="button"
            className={`button button-small${presenting ? ' button-presenting' : ' button-secondary'}`}
            aria-pressed={presenting}
            disabled={busy}
            onClick={() => void present(!presenting)}
            data-testid="present-button"
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M1 2h14v9H9v2h2v1H5v-1h2v-2H1zm2 2v5h10V4z" fill="currentColor" />
            </svg>
            {presenting ? t('crisis.roster.stopPresenting') : t('crisis.roster.present')}
          </button>
        )}
        {presenter && !presenting && (
          <p className="presenter-line" data-testid="presenter-line">
            <span className="colour-dot" style={{ background: presenter.colour }} aria-hidden="true" />
            {t('crisis.roster.presenting', { name: presenter.displayName })}
          </p>
        )}
        {presenter && !presenting && (
          <label className="switch-line">
            <input
              type="checkbox"
              className="switch"
              checked={controls.follow}
              onChange={(e) => onControls({ ...controls, follow: e.target.checked })}
            />
            <span>{t('crisis.roster.follow')}</span>
          </label>
        )}
        <label className="switch-line">
          <input
            type="checkbox"
            className="switch"
            checked={controls.showViewports}
            onChange={(e) => onControls({ ...controls, showViewports: e.target.checked })}
          />
          <span>{t('crisis.roster.viewports')}</span>
        </label>
        <label className="switch-line">
          <input
            type="checkbox"
            className="switch"
            checked={controls.laser}
            onChange={(e) => onControls({ ...controls, laser: e.target.checked })}
            data-testid="laser-toggle"
          />
          <span>
            {t('crisis.roster.laser')}
            <span className="field-hint">{t('crisis.roster.laserHint')}</span>
          </span>
        </label>
      </section>

      <h3 className="panel-subheading">
        {t('crisis.roster.people')}
        <span className="panel-meta">{t('crisis.roster.online', { n: online, total: roster.length })}</span>
      </h3>
      <ul className="roster-list" data-testid="roster">
        {sorted.map((entry) => (
          <li key={entry.userId} className={`roster-row is-${entry.status}`} data-user={entry.username}>
            <span className="roster-avatar" style={{ background: entry.colour }} aria-hidden="true">
              {initialsOf(entry.displayName)}
            </span>
            <span className="roster-text">
              <span className="roster-name">
                {entry.displayName}
                {entry.userId === me && <span className="self-tag">{t('users.you')}</span>}
                {entry.userId === presenterId && (
                  <span className="presenter-tag">{t('crisis.roster.presenter')}</span>
                )}
              </span>
              <span className="roster-meta" title={entry.organisation ?? undefined}>
                {entry.organisation ?? t('user.noOrganisation')}
              </span>
              <span className="roster-meta">
                {t(`crisis.role.${entry.sessionRole}`)}
                {entry.role in roleTerms && ` · ${term(roleTerms[entry.role as keyof typeof roleTerms])}`}
              </span>
            </span>
            <span className={`connection-dot is-${entry.status}`}>
              {entry.status === 'online' ? t('crisis.roster.statusOnline') : t('crisis.roster.statusDropped')}
            </span>
          </li>
        ))}
      </ul>

      <h3 className="panel-subheading">{t('crisis.roster.organisations')}</h3>
      {organisations.length === 0 ? (
        <p className="crisis-empty">{t('crisis.roster.noOrganisations')}</p>
      ) : (
        <ul className="invited-list">
          {organisations.map((p) => (
            <InvitedRow
              key={p.id}
              sessionId={sessionId}
              participant={p}
              chair={chair}
              onRefused={onRefused}
            />
          ))}
        </ul>
      )}
      {chair && <InviteForm sessionId={sessionId} participants={participants} />}
    </div>
  )
}

function InvitedRow({
  sessionId,
  participant,
  chair,
  onRefused,
}: {
  sessionId: string
  participant: Participant
  chair: boolean
  onRefused: (err: unknown) => void
}) {
  const { t, lang } = useI18n()
  const [busy, setBusy] = useState(false)
  const name = participantName(participant, lang)
  const remove = async () => {
    setBusy(true)
    try {
      await api.removeParticipant(sessionId, participant.id)
    } catch (err) {
      onRefused(err)
      setBusy(false)
    }
  }
  return (
    <li className="invited-row">
      <span className="invited-name">{name}</span>
      <span className={`role-tag role-${participant.role}`}>{t(`crisis.role.${participant.role}`)}</span>
      {chair && (
        <button
          type="button"
          className="icon-button"
          disabled={busy}
          aria-label={t('crisis.roster.remove', { name })}
          title={t('crisis.roster.remove', { name })}
          onClick={() => void remove()}
        >
          ×
        </button>
      )}
    </li>
  )
}

function InviteForm({
  sessionId,
  participants,
}: {
  sessionId: string
  participants: readonly Participant[]
}) {
  const { t } = useI18n()
  const organisations = useOrganisations()
  const [actorId, setActorId] = useState('')
  const [role, setRole] = useState<SessionRole>('participant')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const invited = new Set(participants.map((p) => p.actorId))
  const choices = organisations.filter((o) => !invited.has(o.id))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!actorId) return
    setBusy(true)
    setMessage(null)
    try {
      await api.inviteParticipant(sessionId, { actorId, role })
      setActorId('')
      setMessage(t('crisis.roster.invited'))
    } catch (err) {
      const text = refusalText(err)
      setMessage(t(text.key, text.params))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="invite-form" onSubmit={submit}>
      <label className="field">
        <span className="field-label">{t('crisis.roster.inviteOrganisation')}</span>
        <select value={actorId} onChange={(e) => setActorId(e.target.value)}>
          <option value="">{t('crisis.roster.choose')}</option>
          {choices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <div className="invite-form-line">
        <select
          aria-label={t('crisis.create.roleLabel')}
          value={role}
          onChange={(e) => setRole(e.target.value as SessionRole)}
        >
          {(['participant', 'chair', 'observer'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`crisis.role.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small" disabled={busy || !actorId}>
          {t('crisis.roster.invite')}
        </button>
      </div>
      {message && (
        <p className="field-hint" role="status">
          {message}
        </p>
      )}
    </form>
  )
}
