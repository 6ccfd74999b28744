/**
 * The printable situation report (*lägesrapport*) of a session, on A4: the classification marking
 * on every page, the session's facts, the map as it stood at the chosen moment (a snapshot or now)
 * with a numbered legend of the annotations, the escalation history, the decisions, the open tasks,
 * the whole log and the participants. Printed through the browser's dialog; the server renders the
 * same report as PDF, and the annotations can be exported as GeoJSON.
 */
import './crisis.css'
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  agendaSteps,
  crisisSymbolTerms,
  type HistoryEntry,
  type LogEntry,
  type SessionDetail,
  type Snapshot,
  stateAt,
} from '../../common/crisis.ts'
import {
  annotationColour,
  isOverdue,
  type NumberedAnnotation,
  numberAnnotations,
  reportMoment,
  reportSections,
} from '../../common/crisis-report.ts'
import { classificationMarking } from '../../common/domain.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { mayExport } from '../../common/permissions.ts'
import { api, type MunicipalityConfig, type SignedInUser, sessionReportPdfUrl } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from '../layers/classification-badge.tsx'
import type { MapImages } from '../map/icons.ts'
import type { MapController } from '../map/map-controller.ts'
import { MapView } from '../map/map-view.tsx'
import { routeHash } from '../map/url-state.ts'
import { municipalityTitle } from '../shell/municipality-name.ts'
import { EscalationBadge } from './crisis-badges.tsx'
import { GeoJsonExportButton } from './geojson-export-button.tsx'
import { kindLabel, statusLabel } from './log-panel.tsx'
import { refusalText } from './refusal.ts'
import { ReportMap } from './report-map.ts'
import { annotationBounds } from './report-model.ts'
import {
  escalationName,
  eventTypeName,
  formatDateTime,
  formatWhen,
  participantName,
} from './session-format.ts'
import { snapshotOrder } from './snapshot-diff.ts'

export interface ReportViewProps {
  sessionId: string
  /** The moment the report shows; the latest picture when absent. */
  seq?: number
  config: MunicipalityConfig
  layers: readonly LayerInfo[]
  images: MapImages
  user: SignedInUser
}

type Load =
  | { status: 'loading' }
  | { status: 'error'; text: string }
  | { status: 'ready'; session: SessionDetail; history: HistoryEntry[]; snapshots: Snapshot[] }

const noLayers: ReadonlySet<string> = new Set()
const noOpacity: ReadonlyMap<string, number> = new Map()

export function ReportView({ sessionId, seq, config, layers, images, user }: ReportViewProps) {
  const { t, lang } = useI18n()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [exportError, setExportError] = useState<string | null>(null)

  useEffect(() => {
    const abort = new AbortController()
    Promise.all([
      api.session(sessionId, abort.signal),
      api.sessionHistory(sessionId, abort.signal),
      api.snapshots(sessionId, abort.signal),
    ])
      .then(([session, history, snapshots]) => setLoad({ status: 'ready', session, history, snapshots }))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return
        const text = refusalText(err)
        setLoad({ status: 'error', text: t(text.key, text.params) })
      })
    return () => abort.abort()
  }, [sessionId, t])

  const ready = load.status === 'ready' ? load : null
  const lastSeq = ready ? Math.max(ready.session.seq, ...ready.history.map((h) => h.seq), 0) : 0
  const shownSeq = seq !== undefined ? Math.min(seq, lastSeq) : lastSeq
  const state = useMemo(() => (ready ? stateAt(ready.history, shownSeq) : null), [ready, shownSeq])
  const numbered = useMemo(() => (state ? numberAnnotations(state.annotations.values()) : []), [state])
  const sections = useMemo(() => reportSections(state?.log.values() ?? []), [state])
  const snapshot = ready?.snapshots.find((s) => s.seq === shownSeq && seq !== undefined) ?? null
  const seqTime =
    ready?.history.filter((h) => h.seq <= shownSeq).at(-1)?.at ?? ready?.session.createdAt ?? null
  const [printedAt] = useState(() => new Date().toISOString())

  if (load.status === 'loading')
    return (
      <section className="crisis-page report-page">
        <p className="panel-status report-status">
          <span className="spinner" aria-hidden="true" /> {t('crisis.report.loading')}
        </p>
      </section>
    )
  if (load.status === 'error' || !ready || !state)
    return (
      <section className="crisis-page crisis-missing">
        <div className="boot-card">
          <h2>{t('crisis.session.failed')}</h2>
          <p className="boot-message">{load.status === 'error' ? load.text : ''}</p>
          <a className="button" href={routeHash({ page: 'sessions' })}>
            {t('crisis.header.back')}
          </a>
        </div>
      </section>
    )

  const { session } = ready
  // The session's own fields as they stood then (a replayed picture), over what it is now.
  const then = { ...session, ...state.session }
  const marking = classificationMarking(session.classification, lang)
  // Overdue as of the moment the report shows: a snapshot's time, or now for the current picture.
  const moment = Date.parse(
    reportMoment({
      current: seq === undefined,
      snapshotAt: snapshot?.createdAt ?? null,
      lastChangeAt: seqTime ?? session.createdAt,
      printedAt,
    }),
  )
  // The viewer takes out open documents only, as with layer exports; the server refuses the rest.
  const mayTakeOut = mayExport(user.role, { group: 'crisis', classification: session.classification })
  const levels = config.escalationLevels
  const names = new Map<string, string>([[user.username, user.displayName]])
  const who = (username: string) => names.get(username) ?? username
  const step = agendaSteps.find((s) => s.id === then.agendaStep)
  const municipality = config.name ? municipalityTitle(config.name, lang) : config.kommun

  const chooseMoment = (value: string) => {
    window.location.hash = routeHash(
      value === 'now' ? { page: 'report', sessionId } : { page: 'report', sessionId, seq: Number(value) },
    )
  }

  return (
    <section className="crisis-page report-page" data-testid="report-view">
      <div className="report-toolbar" data-print="hide">
        <a className="button button-secondary button-small" href={routeHash({ page: 'session', sessionId })}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M10.5 2.5 5 8l5.5 5.5" stroke="currentColor" strokeWidth="2" fill="none" />
          </svg>
          {t('crisis.report.back')}
        </a>
        <label className="report-moment">
          <span className="field-label">{t('crisis.report.asOf')}</span>
          <select
            value={seq !== undefined ? String(shownSeq) : 'now'}
            onChange={(e) => chooseMoment(e.target.value)}
          >
            <option value="now">{t('crisis.report.now')}</option>
            {[...ready.snapshots].sort(snapshotOrder).map((s) => (
              <option key={s.id} value={s.seq}>
                {t('crisis.report.snapshotOption', { name: s.name, time: formatWhen(s.createdAt, lang) })}
              </option>
            ))}
            {seq !== undefined && !snapshot && (
              <option value={shownSeq}>{t('crisis.report.atSeq', { seq: shownSeq })}</option>
            )}
          </select>
        </label>
        {!mayTakeOut && <p className="field-hint report-no-export">{t('crisis.report.noExport')}</p>}
        {mayTakeOut && (
          <span className="report-toolbar-actions">
            <button
              type="button"
              className="button button-small"
              onClick={() => window.print()}
              data-testid="report-print"
            >
              {t('crisis.report.print')}
            </button>
            <a
              className="button button-secondary button-small"
              href={sessionReportPdfUrl(sessionId, lang, seq !== undefined ? shownSeq : undefined)}
              download
            >
              {t('crisis.report.pdf')}
            </a>
            <GeoJsonExportButton
              sessionId={sessionId}
              seq={seq !== undefined ? shownSeq : undefined}
              onStart={() => setExportError(null)}
              onRefused={(err) => {
                const text = refusalText(err)
                setExportError(t('export.failed', { message: t(text.key, text.params) }))
              }}
            />
          </span>
        )}
        {exportError && (
          <p className="form-error" role="alert">
            {exportError}
          </p>
        )}
      </div>

      <article
        className={`report-sheet marking-page-${session.classification}`}
        aria-labelledby="report-title"
      >
        <div
          className={`report-marking marking-${session.classification}`}
          title={t('crisis.report.classification', { level: marking })}
        >
          {marking}
        </div>
        <header className="report-head">
          <p className="report-kicker">
            {t('crisis.report.heading')} · {municipality}
          </p>
          <h1 id="report-title" className="report-title">
            {then.title ?? session.title}
          </h1>
          <dl className="report-facts">
            <div>
              <dt>{t('crisis.header.event')}</dt>
              <dd>{eventTypeName(then.eventType ?? null, lang)}</dd>
            </div>
            <div>
              <dt>{t('crisis.header.level')}</dt>
              <dd>
                <EscalationBadge levels={levels} level={then.escalationLevel ?? session.escalationLevel} />
              </dd>
            </div>
            <div>
              <dt>{t('crisis.header.status')}</dt>
              <dd>{then.status === 'closed' ? t('crisis.status.closed') : t('crisis.status.open')}</dd>
            </div>
            <div>
              <dt>{t('crisis.header.agenda')}</dt>
              <dd>{step ? step[lang] : t('crisis.header.noAgenda')}</dd>
            </div>
            <div>
              <dt>{t('crisis.report.asOf')}</dt>
              <dd data-testid="report-as-of">
                {snapshot ? `${snapshot.name}, ` : ''}
                {formatDateTime(seqTime, lang)}
                <span className="report-seq"> ({t('crisis.report.seq', { seq: shownSeq })})</span>
              </dd>
            </div>
            <div>
              <dt>{t('crisis.report.started')}</dt>
              <dd>
                {formatDateTime(session.createdAt, lang)} · {who(session.createdBy)}
              </dd>
            </div>
            <div>
              <dt>{t('crisis.list.classification')}</dt>
              <dd>
                <ClassificationBadge level={session.classification} />
              </dd>
            </div>
            <div>
              <dt>{t('crisis.report.printed')}</dt>
              <dd>
                {formatDateTime(printedAt, lang)} · {user.displayName}
              </dd>
            </div>
          </dl>
        </header>

        <section className="report-section report-map-section" aria-labelledby="report-map-heading">
          <h2 id="report-map-heading">{t('crisis.report.map')}</h2>
          <ReportMapFigure
            config={config}
            layers={layers}
            images={images}
            numbered={numbered}
            label={t('crisis.report.mapAlt', { title: session.title })}
          />
          <AnnotationLegend numbered={numbered} who={who} />
        </section>

        <section className="report-section" aria-labelledby="report-escalations">
          <h2 id="report-escalations">{t('crisis.report.escalations')}</h2>
          {sections.escalations.length === 0 ? (
            <p className="crisis-empty">{t('crisis.report.noEscalations')}</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t('crisis.report.time')}</th>
                  <th scope="col">{t('crisis.report.change')}</th>
                  <th scope="col">{t('crisis.report.reason')}</th>
                  <th scope="col">{t('crisis.log.decidedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {sections.escalations.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{formatDateTime(e.createdAt, lang)}</td>
                    <td>
                      {escalationName(levels, e.from, lang)} →{' '}
                      <strong>{escalationName(levels, e.to, lang)}</strong>
                    </td>
                    <td>{e.text}</td>
                    <td>{e.decidedBy ?? who(e.createdBy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="report-section" aria-labelledby="report-decisions">
          <h2 id="report-decisions">{t('crisis.report.decisions')}</h2>
          {sections.decisions.length === 0 ? (
            <p className="crisis-empty">{t('crisis.report.noDecisions')}</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t('crisis.report.time')}</th>
                  <th scope="col">{t('crisis.report.decision')}</th>
                  <th scope="col">{t('crisis.log.decidedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {sections.decisions.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{formatDateTime(e.createdAt, lang)}</td>
                    <td>{e.text}</td>
                    <td>{e.decidedBy ?? who(e.createdBy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="report-section" aria-labelledby="report-tasks">
          <h2 id="report-tasks">{t('crisis.report.openTasks')}</h2>
          {sections.openTasks.length === 0 ? (
            <p className="crisis-empty">{t('crisis.report.noTasks')}</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t('crisis.log.assignee')}</th>
                  <th scope="col">{t('crisis.report.task')}</th>
                  <th scope="col">{t('crisis.log.due')}</th>
                  <th scope="col">{t('crisis.log.status')}</th>
                </tr>
              </thead>
              <tbody>
                {sections.openTasks.map((e) => {
                  const overdue = isOverdue(e, moment)
                  return (
                    <tr key={e.id} className={overdue ? 'is-overdue' : undefined}>
                      <td>{e.assignee}</td>
                      <td>{e.text}</td>
                      <td className="nowrap">
                        {e.due ? formatDateTime(e.due, lang) : '–'}
                        {overdue && (
                          <span className="report-overdue" data-testid="report-overdue">
                            {t('crisis.log.overdue')}
                          </span>
                        )}
                      </td>
                      <td className="nowrap">{t(statusLabel(e.status ?? 'open'))}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
        </section>

        <section className="report-section" aria-labelledby="report-log">
          <h2 id="report-log">{t('crisis.report.log')}</h2>
          <LogTable entries={sections.log} levels={levels} who={who} />
        </section>

        <section className="report-section" aria-labelledby="report-participants">
          <h2 id="report-participants">{t('crisis.report.participants')}</h2>
          {session.participants.length === 0 ? (
            <p className="crisis-empty">{t('crisis.roster.noOrganisations')}</p>
          ) : (
            <ul className="report-participants">
              {session.participants.map((p) => (
                <li key={p.id}>
                  {participantName(p, lang)}
                  {p.organisation && p.userId ? `, ${p.organisation}` : ''} ({t(`crisis.role.${p.role}`)})
                </li>
              ))}
            </ul>
          )}
        </section>
        <footer className="report-foot">
          <span>{marking}</span>
          <span>
            {t('app.name')} · {session.title} · {t('crisis.report.seq', { seq: shownSeq })}
          </span>
        </footer>
      </article>
    </section>
  )
}

function LogTable({
  entries,
  levels,
  who,
}: {
  entries: readonly LogEntry[]
  levels: MunicipalityConfig['escalationLevels']
  who: (username: string) => string
}) {
  const { t, lang } = useI18n()
  if (entries.length === 0) return <p className="crisis-empty">{t('crisis.log.empty')}</p>
  return (
    <table className="report-table report-log">
      <thead>
        <tr>
          <th scope="col">{t('crisis.report.time')}</th>
          <th scope="col">{t('crisis.report.kind')}</th>
          <th scope="col">{t('crisis.report.content')}</th>
          <th scope="col">{t('crisis.report.author')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td className="nowrap">{formatDateTime(e.createdAt, lang)}</td>
            <td className="nowrap">
              <span className={`log-kind kind-${e.kind}`}>{t(kindLabel(e.kind))}</span>
            </td>
            <td>
              {e.kind === 'escalation' && (
                <strong>
                  {t('crisis.log.escalated', {
                    from: escalationName(levels, e.from, lang),
                    to: escalationName(levels, e.to, lang),
                  })}{' '}
                </strong>
              )}
              {e.text}
              <span className="report-log-details">
                {[
                  e.reporter && `${t('crisis.log.reporter')}: ${e.reporter}`,
                  e.decidedBy && `${t('crisis.log.decidedBy')}: ${e.decidedBy}`,
                  e.assignee && `${t('crisis.log.assignee')}: ${e.assignee}`,
                  e.due && `${t('crisis.log.due')}: ${formatDateTime(e.due, lang)}`,
                  e.kind === 'task' && `${t('crisis.log.status')}: ${t(statusLabel(e.status ?? 'open'))}`,
                  e.actors?.length && `${t('crisis.log.actors')}: ${e.actors.join(', ')}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </td>
            <td>{who(e.createdBy)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AnnotationLegend({
  numbered,
  who,
}: {
  numbered: readonly NumberedAnnotation[]
  who: (u: string) => string
}) {
  const { t, lang } = useI18n()
  if (numbered.length === 0) return <p className="crisis-empty">{t('crisis.report.noAnnotations')}</p>
  return (
    <table className="report-table report-legend" aria-label={t('crisis.report.legend')}>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('crisis.report.annotation')}</th>
          <th scope="col">{t('crisis.report.kind')}</th>
          <th scope="col">{t('crisis.report.drawn')}</th>
        </tr>
      </thead>
      <tbody>
        {numbered.map(({ number, annotation }) => {
          const p = annotation.properties
          const colour = annotationColour(annotation.kind, p)
          const kind = p.symbol
            ? crisisSymbolTerms[p.symbol][lang]
            : t(`crisis.annotation.${annotation.kind}`)
          return (
            <tr key={annotation.id}>
              <td>
                <span className="legend-number" style={{ background: colour }}>
                  {number}
                </span>
              </td>
              <td>
                <strong>{p.label || p.text || kind}</strong>
                {p.note && <span className="report-log-details">{p.note}</span>}
                {p.radius !== undefined && (
                  <span className="report-log-details">
                    {t('crisis.report.radius', { m: Math.round(p.radius) })}
                  </span>
                )}
              </td>
              <td>
                <span
                  className={`legend-shape shape-${annotation.kind}`}
                  style={{ color: colour }}
                  aria-hidden="true"
                />
                {kind}
              </td>
              <td className="nowrap">
                {formatWhen(annotation.createdAt, lang)} · {who(annotation.createdBy)}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/**
 * The map, drawn by MapLibre and then kept as a picture: printing a WebGL canvas is unreliable, an
 * image of it is not (the controller keeps the drawing buffer, so the canvas can be read).
 */
function ReportMapFigure({
  config,
  layers,
  images,
  numbered,
  label,
}: {
  config: MunicipalityConfig
  layers: readonly LayerInfo[]
  images: MapImages
  numbered: readonly NumberedAnnotation[]
  label: string
}) {
  const [controller, setController] = useState<MapController | null>(null)
  const [picture, setPicture] = useState<string | null>(null)
  const drawn = useRef<ReportMap | null>(null)
  const initial = useMemo(() => ({ visible: noLayers, opacity: noOpacity }), [])

  useEffect(() => {
    if (!controller) return
    const map = new ReportMap(controller.map)
    drawn.current = map
    const capture = () => {
      try {
        setPicture(controller.map.getCanvas().toDataURL('image/png'))
      } catch {
        // A tainted or lost canvas: the live map stays on screen and prints as the browser can.
      }
    }
    controller.map.on('idle', capture)
    return () => {
      controller.map.off('idle', capture)
      map.destroy()
      drawn.current = null
    }
  }, [controller])

  useEffect(() => {
    if (!controller || !drawn.current) return
    drawn.current.set(numbered)
    const bounds = annotationBounds(numbered.map((n) => n.annotation))
    if (bounds) controller.fitBounds(bounds, 15)
    else controller.fitMunicipality()
  }, [controller, numbered])

  return (
    <figure className="report-map">
      <div className="report-map-live" data-print="hide">
        <MapView
          config={config}
          layers={layers}
          images={images}
          initial={initial}
          label={label}
          onController={setController}
        />
      </div>
      {picture && <img className="report-map-image" src={picture} alt={label} />}
    </figure>
  )
}
