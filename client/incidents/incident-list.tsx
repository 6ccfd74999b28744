/**
 * "Mina rapporter": the reports the signed-in employee made and where each stands; the reports they
 * are responsible for; and, for those who follow up incidents, every report within their clearance.
 */
import './incidents.css'
import { useEffect, useState } from 'react'
import { incidentCategoryTerms } from '../../common/domain.ts'
import { incidentStatusTerms } from '../../common/incident-report.ts'
import { Capability, may } from '../../common/permissions.ts'
import type { SignedInUser } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { routeHash } from '../map/url-state.ts'
import { incidentApi, type ReportScope, type ReportSummary } from './incident-api.ts'
import { formatReportTime } from './report-time.ts'

export function IncidentList({ user }: { user: SignedInUser }) {
  const { t, term, lang } = useI18n()
  const followsUp = may(user.role, Capability.followUpIncidents)
  const scopes: ReportScope[] = followsUp ? ['mine', 'assigned', 'all'] : ['mine', 'assigned']
  const [scope, setScope] = useState<ReportScope>('mine')
  const [reports, setReports] = useState<ReportSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const abort = new AbortController()
    setReports(null)
    incidentApi
      .list(scope, undefined, abort.signal)
      .then(setReports)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [scope])

  return (
    <section className="incident-page" aria-labelledby="incident-list-heading" data-testid="incident-list">
      <header className="incident-header">
        <h1 id="incident-list-heading">{t('incident.list.heading')}</h1>
        <a
          className="button button-small"
          href={routeHash({ page: 'incident-new' })}
          data-testid="incident-new"
        >
          {t('incident.new')}
        </a>
      </header>
      <div className="incident-tabs" role="tablist">
        {scopes.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === scope}
            className={s === scope ? 'is-active' : undefined}
            onClick={() => setScope(s)}
            data-testid={`incident-scope-${s}`}
          >
            {t(`incident.scope.${s}`)}
          </button>
        ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {reports?.length === 0 && <p className="incident-intro">{t('incident.list.empty')}</p>}
      <ul className="incident-cards">
        {reports?.map((r) => (
          <li key={r.id}>
            <a href={routeHash({ page: 'incident', incidentId: r.id })} data-testid="incident-card">
              <span className="incident-card-title">{term(incidentCategoryTerms[r.category])}</span>
              <span className={`status-pill status-${r.status}`}>{term(incidentStatusTerms[r.status])}</span>
              <span className="incident-card-meta">
                {formatReportTime(r.occurredAt, lang)}
                {r.placeName ? ` · ${r.placeName}` : ''}
              </span>
              <span className="incident-card-meta">
                {r.responsible
                  ? t('incident.responsibleIs', { name: r.responsible.name })
                  : t('incident.noResponsible')}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
