/**
 * The audit-log browser (*granskningslogg*): filter by who, what happened, to what kind of object,
 * when and by free text; page through the result newest first, each entry's change written out
 * field by field; and export the filtered log as CSV or JSON, marked as internal.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import type { Term } from '../../common/domain.ts'
import type { LayerInfo } from '../../common/layers.ts'
import {
  type AuditAction,
  type AuditFilter,
  type AuditPage,
  type AuditRecord,
  api,
  auditActions,
  saveDownload,
} from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from '../layers/classification-badge.tsx'
import { exportStamp } from '../layers/export-request.ts'
import { DateTimeField } from '../shell/date-time-field.tsx'
import {
  auditActionTerms,
  auditChanges,
  auditDetails,
  auditEntities,
  entityLabel,
  formatAuditTime,
} from './audit-format.ts'

const PAGE_SIZE = 50

/** The filter as typed: times as `datetime-local` values (DateTimeField), in the browser's time. */
interface FilterForm {
  actor: string
  action: AuditAction | ''
  entity: string
  from: string
  to: string
  q: string
}

const emptyForm: FilterForm = { actor: '', action: '', entity: '', from: '', to: '', q: '' }

/** A `datetime-local` value ("2025-03-14T08:05") as an ISO instant, or nothing when blank. */
function instant(local: string): string | undefined {
  if (!local) return undefined
  const date = new Date(local)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function filterOf(form: FilterForm): AuditFilter {
  return {
    actor: form.actor.trim() || undefined,
    action: form.action || undefined,
    entity: form.entity || undefined,
    from: instant(form.from),
    to: instant(form.to),
    q: form.q.trim() || undefined,
  }
}

type Load =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; page: AuditPage }

export interface AuditBrowserProps {
  layers: readonly LayerInfo[]
  /** Usernames by account id, to name the account an entry is about; empty without user rights. */
  usernames: ReadonlyMap<string, string>
}

export function AuditBrowser({ layers, usernames }: AuditBrowserProps) {
  const { t, term, lang } = useI18n()
  const [form, setForm] = useState<FilterForm>(emptyForm)
  const [filter, setFilter] = useState<AuditFilter>({})
  const [offset, setOffset] = useState(0)
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null)
  const [exportError, setExportError] = useState<string | null>(null)
  const titles = useMemo<Record<string, Term>>(
    () => Object.fromEntries(layers.map((l) => [l.id, l.titles])),
    [layers],
  )
  const entities = useMemo(() => [...new Set([...auditEntities, ...layers.map((l) => l.id)])], [layers])

  useEffect(() => {
    const controller = new AbortController()
    setLoad({ status: 'loading' })
    api
      .audit(filter, PAGE_SIZE, offset, controller.signal)
      .then((page) => setLoad({ status: 'ready', page }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted)
          setLoad({ status: 'error', message: err instanceof Error ? err.message : String(err) })
      })
    return () => controller.abort()
  }, [filter, offset])

  const apply = (event: FormEvent) => {
    event.preventDefault()
    setFilter(filterOf(form))
    setOffset(0)
  }

  const clear = () => {
    setForm(emptyForm)
    setFilter({})
    setOffset(0)
  }

  const exportLog = async (format: 'csv' | 'json') => {
    setExporting(format)
    setExportError(null)
    try {
      saveDownload(await api.exportAudit(filter, format, lang))
    } catch (err) {
      setExportError(t('export.failed', { message: err instanceof Error ? err.message : String(err) }))
    } finally {
      setExporting(null)
    }
  }

  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    setForm((prev) => ({ ...prev, [key]: value }))
  const total = load.status === 'ready' ? load.page.total : 0

  return (
    <div className="admin-section audit-browser">
      <div className="admin-main">
        <div className="admin-toolbar">
          <div>
            <h2 id="audit-heading" className="admin-title">
              {t('audit.heading')}
            </h2>
            <p className="admin-meta">{t('audit.intro')}</p>
          </div>
          <div className="audit-export">
            <div className="button-row">
              {(['csv', 'json'] as const).map((format) => (
                <button
                  key={format}
                  type="button"
                  className="button button-secondary button-small"
                  disabled={exporting !== null}
                  onClick={() => void exportLog(format)}
                >
                  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                    <path
                      d="M7 1h2v7.2l2.3-2.3 1.4 1.4L8 12 3.3 7.3l1.4-1.4L7 8.2zM2 13h12v2H2z"
                      fill="currentColor"
                    />
                  </svg>
                  {exporting === format
                    ? t('export.busy')
                    : t('audit.export', { format: format.toUpperCase() })}
                </button>
              ))}
            </div>
            <p className="export-marking" data-testid="audit-export-marking">
              <ClassificationBadge level="internal" />
              <span>{t('audit.exportNote', { level: exportStamp('internal', lang) })}</span>
            </p>
            {exportError && (
              <p className="form-error" role="alert">
                {exportError}
              </p>
            )}
          </div>
        </div>

        <form className="audit-filter" onSubmit={apply} aria-label={t('audit.search')}>
          <label className="field">
            <span className="field-label">{t('audit.actor')}</span>
            <input
              name="actor"
              list="audit-actors"
              autoComplete="off"
              value={form.actor}
              onChange={(e) => set('actor', e.target.value)}
            />
            <datalist id="audit-actors">
              {[...new Set(usernames.values())].sort().map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span className="field-label">{t('audit.action')}</span>
            <select
              name="action"
              value={form.action}
              onChange={(e) => set('action', e.target.value as AuditAction)}
            >
              <option value="">{t('audit.any')}</option>
              {auditActions.map((action) => (
                <option key={action} value={action}>
                  {term(auditActionTerms[action])}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('audit.entity')}</span>
            <select name="entity" value={form.entity} onChange={(e) => set('entity', e.target.value)}>
              <option value="">{t('audit.any')}</option>
              {entities.map((entity) => (
                <option key={entity} value={entity}>
                  {entityLabel(entity, lang, titles)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('audit.from')}</span>
            <DateTimeField
              name="from"
              label={t('audit.from')}
              value={form.from}
              onChange={(local) => set('from', local)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('audit.to')}</span>
            <DateTimeField
              name="to"
              label={t('audit.to')}
              value={form.to}
              onChange={(local) => set('to', local)}
            />
          </label>
          <label className="field field-wide">
            <span className="field-label">{t('audit.text')}</span>
            <input
              name="q"
              type="search"
              placeholder={t('audit.textPlaceholder')}
              value={form.q}
              onChange={(e) => set('q', e.target.value)}
            />
          </label>
          <div className="button-row audit-filter-buttons">
            <button type="submit" className="button">
              {t('audit.search')}
            </button>
            <button type="button" className="button button-secondary" onClick={clear}>
              {t('audit.clear')}
            </button>
          </div>
        </form>

        {load.status === 'loading' && (
          <p className="panel-status">
            <span className="spinner" aria-hidden="true" /> {t('audit.loading')}
          </p>
        )}
        {load.status === 'error' && (
          <p className="form-error" role="alert">
            {t('audit.failed', { message: load.message })}
          </p>
        )}
        {load.status === 'ready' && load.page.entries.length === 0 && (
          <p className="panel-status">{t('audit.none')}</p>
        )}
        {load.status === 'ready' && load.page.entries.length > 0 && (
          <div className="table-wrap">
            <table className="admin-table audit-table" aria-labelledby="audit-heading">
              <thead>
                <tr>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.object')}</th>
                  <th scope="col">{t('audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                {load.page.entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} titles={titles} usernames={usernames} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="pager" aria-label={t('audit.paging')}>
          <span className="pager-range" data-testid="audit-range">
            {total > 0
              ? t('audit.range', {
                  first: (offset + 1).toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB'),
                  last: Math.min(offset + PAGE_SIZE, total).toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB'),
                  total: total.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB'),
                })
              : ''}
          </span>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={offset === 0 || load.status === 'loading'}
            onClick={() => setOffset((o) => Math.max(0, o - PAGE_SIZE))}
          >
            {t('audit.previous')}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={offset + PAGE_SIZE >= total || load.status === 'loading'}
            onClick={() => setOffset((o) => o + PAGE_SIZE)}
          >
            {t('audit.next')}
          </button>
        </nav>
      </div>
    </div>
  )
}

function AuditRow({
  entry,
  titles,
  usernames,
}: {
  entry: AuditRecord
  titles: Record<string, Term>
  usernames: ReadonlyMap<string, string>
}) {
  const { t, term, lang } = useI18n()
  const changes = auditChanges(entry.before, entry.after, lang)
  const details = auditDetails(entry.details, lang)
  const named = entry.entityId ? usernames.get(entry.entityId) : undefined
  return (
    <tr data-action={entry.action} data-entity={entry.entity}>
      <td className="nowrap mono">{formatAuditTime(entry.at, lang)}</td>
      <td className="mono">{entry.actor}</td>
      <td>
        <span className={`action-pill action-${entry.action}`}>{term(auditActionTerms[entry.action])}</span>
      </td>
      <td>
        <span className="audit-entity">{entityLabel(entry.entity, lang, titles)}</span>
        {entry.entityId && (
          <span className="audit-entity-id mono" title={entry.entityId}>
            {named ?? shortId(entry.entityId)}
          </span>
        )}
      </td>
      <td className="audit-change">
        {changes.length > 0 && (
          <ul className="change-list">
            {changes.map((c) => (
              <li key={c.key} data-field={c.key}>
                <span className="change-label">{c.label}</span>{' '}
                {c.kind === 'changed' && (
                  <>
                    <del title={t('audit.before')}>{c.before}</del>
                    <span aria-hidden="true"> → </span>
                    <span className="visually-hidden"> {t('audit.after')}: </span>
                    <ins title={t('audit.after')}>{c.after}</ins>
                  </>
                )}
                {c.kind === 'added' && <ins title={t('audit.after')}>{c.after}</ins>}
                {c.kind === 'removed' && <del title={t('audit.before')}>{c.before}</del>}
              </li>
            ))}
          </ul>
        )}
        {details.length > 0 && (
          <dl className="audit-details">
            {details.map((d) => (
              <div key={d.key}>
                <dt>{d.label}</dt>
                <dd className="audit-detail-value">{d.text}</dd>
              </div>
            ))}
          </dl>
        )}
      </td>
    </tr>
  )
}

/** A UUID is long; its first block names it well enough on screen (the full id is in the tooltip). */
const shortId = (id: string) => (/^[0-9a-f]{8}-/.test(id) ? `${id.slice(0, 8)}…` : id)
