/**
 * One reported incident and its follow-up: where it stands (received, being investigated, measures
 * decided, closed), who is responsible, the comments and the history of every change, and the RSA
 * risks it bears on ("what happened" beside "what we feared"). The responsible person and those
 * who follow up move it on; those who follow up assign it and link risks; everyone who sees it may
 * comment.
 */
import './incidents.css'
import { type FormEvent, useCallback, useEffect, useState } from 'react'
import { incidentCategoryTerms } from '../../common/domain.ts'
import {
  type IncidentHistoryEntry,
  type IncidentReport,
  incidentStatuses,
  incidentStatusTerms,
  mayMoveTo,
} from '../../common/incident-report.ts'
import { Capability, may } from '../../common/permissions.ts'
import type { RsaRisk } from '../../common/rsa.ts'
import type { SignedInUser } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { routeHash } from '../map/url-state.ts'
import { rsaApi } from '../rsa/rsa-api.ts'
import { incidentApi } from './incident-api.ts'
import { formatReportTime } from './report-time.ts'

export function IncidentView({ incidentId, user }: { incidentId: string; user: SignedInUser }) {
  const { t, term, lang } = useI18n()
  const followsUp = may(user.role, Capability.followUpIncidents)
  const [report, setReport] = useState<IncidentReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [people, setPeople] = useState<{ id: string; name: string }[]>([])
  const [risks, setRisks] = useState<RsaRisk[]>([])
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const sent = window.location.hash.includes('sent=1')

  useEffect(() => {
    const abort = new AbortController()
    incidentApi
      .get(incidentId, abort.signal)
      .then(setReport)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    if (followsUp) {
      incidentApi
        .assignees(abort.signal)
        .then(setPeople)
        .catch(() => setPeople([]))
      rsaApi
        .versions(abort.signal)
        .then((versions) => (versions[0] ? rsaApi.risks(versions[0].id, abort.signal) : []))
        .then(setRisks)
        .catch(() => setRisks([]))
    }
    return () => abort.abort()
  }, [incidentId, followsUp])

  const act = useCallback(async (work: () => Promise<IncidentReport | null>) => {
    setBusy(true)
    setError(null)
    try {
      const next = await work()
      if (next) setReport(next)
      else window.location.hash = routeHash({ page: 'incidents' })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }, [])

  if (!report)
    return (
      <section className="incident-page">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : (
          <p className="incident-intro">{t('app.loading')}</p>
        )}
      </section>
    )

  const nextSteps = incidentStatuses.filter((s) => s !== report.status && mayMoveTo(report.status, s))
  const submitComment = (event: FormEvent) => {
    event.preventDefault()
    if (!comment.trim()) return
    void act(() => incidentApi.comment(report.id, comment)).then(() => setComment(''))
  }

  return (
    <section className="incident-page" aria-labelledby="incident-heading" data-testid="incident-view">
      <header className="incident-header">
        <h1 id="incident-heading">{term(incidentCategoryTerms[report.category])}</h1>
        <a className="button button-secondary button-small" href={routeHash({ page: 'incidents' })}>
          {t('incident.mine')}
        </a>
      </header>
      {sent && (
        <p className="incident-sent" role="status">
          {t('incident.sent')}
        </p>
      )}
      <ol className="status-steps" aria-label={t('incident.field.status')} data-testid="incident-status">
        {incidentStatuses.map((s, i) => (
          <li
            key={s}
            className={
              s === report.status
                ? 'is-current'
                : i < incidentStatuses.indexOf(report.status)
                  ? 'is-done'
                  : undefined
            }
            aria-current={s === report.status ? 'step' : undefined}
          >
            {term(incidentStatusTerms[s])}
          </li>
        ))}
      </ol>
      <dl className="incident-facts">
        <dt>{t('incident.field.occurredAt')}</dt>
        <dd>{formatReportTime(report.occurredAt, lang)}</dd>
        <dt>{t('incident.field.place')}</dt>
        <dd>
          {report.placeName ?? `${report.position[1].toFixed(5)} N, ${report.position[0].toFixed(5)} E`}
        </dd>
        <dt>{t('incident.field.severity')}</dt>
        <dd>{report.severity}</dd>
        <dt>{t('incident.field.injured')}</dt>
        <dd>{report.injured ? t('incident.yes') : t('incident.no')}</dd>
        <dt>{t('incident.field.reporter')}</dt>
        <dd>{report.reporter.name ?? '–'}</dd>
        <dt>{t('incident.field.responsible')}</dt>
        <dd data-testid="incident-responsible">{report.responsible?.name ?? t('incident.noResponsible')}</dd>
        <dt>{t('incident.field.classification')}</dt>
        <dd>{t(`incident.classification.${report.classification}`)}</dd>
      </dl>
      <p className="incident-description">{report.description}</p>

      {(report.mayFollowUp || followsUp) && (
        <section className="incident-box" aria-labelledby="follow-up-heading">
          <h2 id="follow-up-heading">{t('incident.followUp')}</h2>
          {followsUp && (
            <label className="field">
              <span>{t('incident.field.responsible')}</span>
              <select
                value={report.responsible?.id ?? ''}
                disabled={busy}
                onChange={(e) =>
                  void act(() => incidentApi.followUp(report.id, { responsibleId: e.target.value || null }))
                }
                data-testid="incident-assign"
              >
                <option value="">{t('incident.noResponsible')}</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {report.mayFollowUp && (
            <div className="button-row">
              {nextSteps.map((s) => (
                <button
                  key={s}
                  type="button"
                  className={
                    incidentStatuses.indexOf(s) > incidentStatuses.indexOf(report.status)
                      ? 'button'
                      : 'button button-secondary'
                  }
                  disabled={busy}
                  onClick={() => void act(() => incidentApi.followUp(report.id, { status: s }))}
                  data-testid={`incident-move-${s}`}
                >
                  {t('incident.moveTo', { status: term(incidentStatusTerms[s]) })}
                </button>
              ))}
            </div>
          )}
          {followsUp && risks.length > 0 && (
            <label className="field">
              <span>{t('incident.linkRisk')}</span>
              <select
                value=""
                disabled={busy}
                onChange={(e) =>
                  e.target.value && void act(() => incidentApi.linkRisk(report.id, e.target.value))
                }
                data-testid="incident-link-risk"
              >
                <option value="">{t('incident.form.choose')}</option>
                {risks
                  .filter((r) => !report.risks.some((x) => x.id === r.id))
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.title} ({r.score})
                    </option>
                  ))}
              </select>
            </label>
          )}
        </section>
      )}

      {report.risks.length > 0 && (
        <section className="incident-box" aria-labelledby="risks-heading">
          <h2 id="risks-heading">{t('incident.risks')}</h2>
          <ul className="plain-list">
            {report.risks.map((r) => (
              <li key={r.id}>
                <a href={`${routeHash({ page: 'rsa' })}?risk=${r.id}`}>{r.title}</a> · {t('rsa.score')}{' '}
                {r.score}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="incident-box" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('incident.history')}</h2>
        <ol className="history" data-testid="incident-history">
          {report.history.map((h) => (
            <li key={`${h.at}-${h.kind}-${JSON.stringify(h.detail)}`}>
              <span className="history-what">{historyText(h, report, t, term)}</span>
              <span className="history-when">
                {h.by} · {formatReportTime(h.at, lang)}
              </span>
            </li>
          ))}
        </ol>
        <form className="incident-comment" onSubmit={submitComment}>
          <label className="field">
            <span>{t('incident.comment')}</span>
            <textarea
              rows={2}
              value={comment}
              maxLength={4000}
              onChange={(e) => setComment(e.target.value)}
              data-testid="incident-comment"
            />
          </label>
          <button type="submit" className="button button-secondary" disabled={busy || !comment.trim()}>
            {t('incident.addComment')}
          </button>
        </form>
      </section>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

type Translate = ReturnType<typeof useI18n>['t']
type TermOf = ReturnType<typeof useI18n>['term']

function historyText(h: IncidentHistoryEntry, report: IncidentReport, t: Translate, term: TermOf): string {
  const status = (value: unknown) =>
    typeof value === 'string' && value in incidentStatusTerms
      ? term(incidentStatusTerms[value as keyof typeof incidentStatusTerms])
      : '–'
  switch (h.kind) {
    case 'reported':
      return t('incident.history.reported')
    case 'status':
      return t('incident.history.status', { from: status(h.detail.from), to: status(h.detail.to) })
    case 'responsible':
      return h.detail.to
        ? t('incident.history.responsible', { name: String(h.detail.toName ?? '') })
        : t('incident.history.unassigned')
    case 'comment':
      return `“${String(h.detail.text ?? '')}”`
    case 'risk_linked':
    case 'risk_unlinked': {
      const risk = report.risks.find((r) => r.id === h.detail.riskId)?.title ?? t('incident.history.aRisk')
      return t(h.kind === 'risk_linked' ? 'incident.history.linked' : 'incident.history.unlinked', { risk })
    }
    default: {
      const unknown: never = h.kind
      return unknown
    }
  }
}
