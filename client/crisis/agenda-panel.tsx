/**
 * Meeting mode (*samverkanskonferens*): the agenda in MSB's order with the shared current step,
 * which the chair moves for everyone; what the step is for, with a shortcut to write what it
 * produces; and the roll call (*upprop*) of the actors of the register, with who is here.
 */
import { useEffect, useMemo, useState } from 'react'
import { type AgendaStepId, agendaSteps, type Participant, type RosterEntry } from '../../common/crisis.ts'
import { api } from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import type { WritableKind } from './log-draft.ts'
import { presentWithoutActor, type RegisterActor, rollCall, rollCallSummary } from './roll-call.ts'

export interface AgendaPanelProps {
  agendaStep: AgendaStepId | null
  /** The chair moves the step; absent for everyone else (and in a closed session). */
  onSetStep?: (step: AgendaStepId | null) => Promise<void>
  participants: readonly Participant[]
  roster: readonly RosterEntry[]
  /** Starts a log entry of a kind (absent when the user may not write). */
  onCompose?: (kind: WritableKind) => void
  /** Opens the snapshots to save the picture (the last step). */
  onSnapshot?: () => void
}

/** What each step produces in the log, for its shortcut. */
const stepProduces: Partial<Record<AgendaStepId, WritableKind>> = {
  situation_reports: 'situation_report',
  joint_assessment: 'note',
  coordination: 'decision',
  public_communication: 'task',
  next_meeting: 'note',
}

const stepHint = (id: AgendaStepId): MessageKey => `crisis.meeting.hint.${id}`

type Actors = { status: 'loading' } | { status: 'error' } | { status: 'ready'; actors: RegisterActor[] }

export function AgendaPanel({
  agendaStep,
  onSetStep,
  participants,
  roster,
  onCompose,
  onSnapshot,
}: AgendaPanelProps) {
  const { t, lang } = useI18n()
  const [busy, setBusy] = useState(false)
  const [actors, setActors] = useState<Actors>({ status: 'loading' })
  const index = agendaStep ? agendaSteps.findIndex((s) => s.id === agendaStep) : -1

  useEffect(() => {
    const controller = new AbortController()
    api
      .features('actors', { limit: '1000' }, controller.signal)
      .then((collection) =>
        setActors({
          status: 'ready',
          actors: collection.features.map((f) => ({
            id: String(f.id ?? f.properties.id),
            name: String(f.properties.name ?? ''),
            shortName: typeof f.properties.shortName === 'string' ? f.properties.shortName : null,
            actorType: typeof f.properties.actorType === 'string' ? f.properties.actorType : null,
          })),
        }),
      )
      .catch(() => {
        if (!controller.signal.aborted) setActors({ status: 'error' })
      })
    return () => controller.abort()
  }, [])

  const rows = useMemo(
    () => (actors.status === 'ready' ? rollCall(actors.actors, participants, roster) : []),
    [actors, participants, roster],
  )
  const summary = rollCallSummary(rows)
  const invited = rows.filter((r) => r.invited)
  const others = rows.filter((r) => !r.invited)
  const unknown = actors.status === 'ready' ? presentWithoutActor(actors.actors, roster) : []

  const go = async (step: AgendaStepId | null) => {
    if (!onSetStep) return
    setBusy(true)
    try {
      await onSetStep(step)
    } finally {
      setBusy(false)
    }
  }

  const current = index >= 0 ? agendaSteps[index] : null
  const produces = current ? stepProduces[current.id] : undefined

  return (
    <div className="session-tab-body agenda-panel">
      <h3 className="panel-subheading">{t('crisis.meeting.agenda')}</h3>
      <ol className="agenda-list" data-testid="agenda">
        {agendaSteps.map((step, i) => (
          <li
            key={step.id}
            className={`agenda-step${i === index ? ' is-current' : ''}${index >= 0 && i < index ? ' is-done' : ''}`}
            aria-current={i === index ? 'step' : undefined}
          >
            <span className="agenda-number">{i + 1}</span>
            <span className="agenda-name">{step[lang]}</span>
            {onSetStep && i !== index && (
              <button
                type="button"
                className="agenda-go"
                disabled={busy}
                onClick={() => void go(step.id)}
                aria-label={t('crisis.meeting.goTo', { step: step[lang] })}
              >
                {t('crisis.meeting.go')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {current ? (
        <div className="agenda-current">
          <p className="agenda-hint">{t(stepHint(current.id))}</p>
          <div className="button-row">
            {produces && onCompose && (
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => onCompose(produces)}
              >
                {t('crisis.meeting.write', { kind: t(`crisis.kind.${produces}`).toLocaleLowerCase(lang) })}
              </button>
            )}
            {current.id === 'next_meeting' && onSnapshot && (
              <button type="button" className="button button-secondary button-small" onClick={onSnapshot}>
                {t('crisis.snapshots.save')}
              </button>
            )}
          </div>
        </div>
      ) : (
        <p className="crisis-empty">{t('crisis.meeting.notStarted')}</p>
      )}
      {onSetStep && (
        <div className="button-row agenda-buttons">
          {index < 0 ? (
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              onClick={() => void go(agendaSteps[0].id)}
            >
              {t('crisis.meeting.start')}
            </button>
          ) : (
            <>
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy || index === 0}
                onClick={() => void go(agendaSteps[index - 1].id)}
              >
                {t('crisis.meeting.previous')}
              </button>
              {index < agendaSteps.length - 1 ? (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => void go(agendaSteps[index + 1].id)}
                  data-testid="agenda-next"
                >
                  {t('crisis.meeting.next')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => void go(null)}
                >
                  {t('crisis.meeting.end')}
                </button>
              )}
            </>
          )}
        </div>
      )}
      {!onSetStep && <p className="field-hint">{t('crisis.meeting.chairMoves')}</p>}

      <h3 className="panel-subheading">
        {t('crisis.rollcall.heading')}
        {actors.status === 'ready' && (
          <span className="panel-meta">
            {t('crisis.rollcall.summary', { present: summary.present, invited: summary.invited })}
          </span>
        )}
      </h3>
      {actors.status === 'loading' && (
        <p className="panel-status">
          <span className="spinner" aria-hidden="true" /> {t('crisis.rollcall.loading')}
        </p>
      )}
      {actors.status === 'error' && (
        <p className="form-error" role="alert">
          {t('crisis.rollcall.failed')}
        </p>
      )}
      {actors.status === 'ready' && (
        <>
          <ul className="rollcall-list" data-testid="rollcall">
            {invited.map((row) => (
              <li key={row.actor.id} className={`rollcall-row${row.present.length ? ' is-present' : ''}`}>
                <span
                  className={`rollcall-mark${row.present.length ? ' is-present' : ''}`}
                  aria-hidden="true"
                >
                  {row.present.length ? '✓' : '–'}
                </span>
                <span className="rollcall-text">
                  <span className="rollcall-name">{row.actor.name}</span>
                  <span className="rollcall-people">
                    {row.present.length > 0
                      ? row.present.map((p) => p.displayName).join(', ')
                      : row.dropped.length > 0
                        ? t('crisis.rollcall.dropped', {
                            names: row.dropped.map((p) => p.displayName).join(', '),
                          })
                        : t('crisis.rollcall.absent')}
                  </span>
                </span>
                {row.role && (
                  <span className={`role-tag role-${row.role}`}>{t(`crisis.role.${row.role}`)}</span>
                )}
              </li>
            ))}
          </ul>
          {unknown.length > 0 && (
            <p className="field-hint">
              {t('crisis.rollcall.noActor', { names: unknown.map((r) => r.displayName).join(', ') })}
            </p>
          )}
          {others.length > 0 && (
            <details className="rollcall-others">
              <summary>{t('crisis.rollcall.others', { n: others.length })}</summary>
              <ul className="rollcall-list">
                {others.map((row) => (
                  <li key={row.actor.id} className="rollcall-row is-other">
                    <span className="rollcall-mark" aria-hidden="true">
                      {row.present.length ? '✓' : ''}
                    </span>
                    <span className="rollcall-text">
                      <span className="rollcall-name">{row.actor.name}</span>
                      {row.present.length > 0 && (
                        <span className="rollcall-people">
                          {row.present.map((p) => p.displayName).join(', ')}
                        </span>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  )
}
