/**
 * One crisis session as the staff member sees it: a header with the title, escalation level,
 * agenda step, status, connection and classification; the shared map with the drawing tools; and a
 * side panel with the roster, the log, meeting mode, snapshots and replay. What the user's rights
 * (`SessionDetail.rights`) do not allow is not shown; a closed session is read-only; refusals from
 * the server show as notices over the map.
 */
import './crisis.css'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  type AgendaStepId,
  agendaSteps,
  type CrisisSymbol,
  type HistoryEntry,
  type LogEntryInput,
  type SessionDetail,
  type Snapshot,
  stateAt,
  type TaskPatch,
} from '../../common/crisis.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { mayExport } from '../../common/permissions.ts'
import { api, type MunicipalityConfig, type SignedInUser } from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from '../layers/classification-badge.tsx'
import type { MapImages } from '../map/icons.ts'
import type { MapController } from '../map/map-controller.ts'
import { MapView } from '../map/map-view.tsx'
import { routeHash, type SessionTab, sessionTabs } from '../map/url-state.ts'
import { municipalityTitle } from '../shell/municipality-name.ts'
import { MapNotices } from '../shell/notices.tsx'
import { StatusBar } from '../status/status-bar.tsx'
import { AgendaPanel } from './agenda-panel.tsx'
import { AnnotationEditor } from './annotation-editor.tsx'
import { defaultStyle } from './annotation-style.ts'
import { EscalationBadge, StatusBadge } from './crisis-badges.tsx'
import { type CrisisMap, type CrisisTool, createCrisisMap } from './crisis-map.ts'
import { DrawingToolbar } from './drawing-toolbar.tsx'
import { GeoJsonExportButton } from './geojson-export-button.tsx'
import type { WritableKind } from './log-draft.ts'
import { LogPanel } from './log-panel.tsx'
import { LogPins } from './log-pins.ts'
import { refusalText } from './refusal.ts'
import { type ReplayFrame, stateOfFrame } from './replay.ts'
import { ReplayPanel } from './replay-panel.tsx'
import { type PresenceControls, RosterPanel } from './roster-panel.tsx'
import { EscalationDialog, StatusDialog } from './session-dialogs.tsx'
import { eventTypeName } from './session-format.ts'
import type { SnapshotComparison } from './snapshot-diff.ts'
import { SnapshotPanel } from './snapshot-panel.tsx'
import { type ConnectionStatus, useSessionSync } from './use-session-sync.ts'

export interface SessionViewProps {
  sessionId: string
  tab?: SessionTab
  config: MunicipalityConfig
  layers: readonly LayerInfo[]
  images: MapImages
  user: SignedInUser
  /** Hands the session's map to the shell, so the top bar's search can move it. */
  onController: (controller: MapController | null) => void
}

const tabLabels: Record<SessionTab, MessageKey> = {
  roster: 'crisis.tab.roster',
  log: 'crisis.tab.log',
  meeting: 'crisis.tab.meeting',
  snapshots: 'crisis.tab.snapshots',
  replay: 'crisis.tab.replay',
}

const connectionLabels: Record<ConnectionStatus, MessageKey> = {
  connecting: 'crisis.connection.connecting',
  connected: 'crisis.connection.connected',
  reconnecting: 'crisis.connection.reconnecting',
  'catching-up': 'crisis.connection.catchingUp',
  offline: 'crisis.connection.offline',
}

interface Notice {
  id: number
  text: string
  tone: 'error' | 'info'
}

type RestSession =
  | { status: 'loading' }
  | { status: 'error'; code: string; text: string }
  | { status: 'ready'; session: SessionDetail }

const noLayers: ReadonlySet<string> = new Set()
const noOpacity: ReadonlyMap<string, number> = new Map()

export function SessionView({
  sessionId,
  tab: initialTab,
  config,
  layers,
  images,
  user,
  onController,
}: SessionViewProps) {
  const { t, lang } = useI18n()
  const live = useSessionSync(sessionId, user)
  const { sync } = live
  const [rest, setRest] = useState<RestSession>({ status: 'loading' })
  const [tab, setTab] = useState<SessionTab>(initialTab ?? 'log')
  const [controller, setController] = useState<MapController | null>(null)
  const [notices, setNotices] = useState<Notice[]>([])
  const noticeId = useRef(0)
  const [controls, setControls] = useState<PresenceControls>({
    follow: true,
    showViewports: false,
    laser: false,
  })
  const [compose, setCompose] = useState<{ kind: WritableKind; nonce: number } | null>(null)
  const [snapshotFocus, setSnapshotFocus] = useState(0)
  const [history, setHistory] = useState<HistoryEntry[] | null>(null)
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null)
  const [historyError, setHistoryError] = useState<string | null>(null)
  const [replayFrame, setReplayFrame] = useState<ReplayFrame | null>(null)
  const [comparison, setComparison] = useState<SnapshotComparison | null>(null)
  const [dialog, setDialog] = useState<'escalation' | 'status' | null>(null)
  const [pins, setPins] = useState<LogPins | null>(null)
  const fitted = useRef(false)

  const notify = useCallback((text: string, tone: Notice['tone'] = 'error') => {
    noticeId.current += 1
    const id = noticeId.current
    setNotices((list) => [...list.filter((n) => n.text !== text), { id, text, tone }].slice(-4))
    if (tone === 'info') setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), 6000)
  }, [])
  const refusalNotice = useCallback(
    (err: unknown) => {
      const text = refusalText(err)
      notify(t(text.key, text.params))
    },
    [notify, t],
  )

  // The REST answer gives the header at once and a clear "not found" before the socket has joined.
  // Rights are each caller's own, so a change of participants or status (broadcast without rights)
  // is read again from REST: the user may just have been made chair, or observer.
  const participantsKey = JSON.stringify([
    live.session?.status,
    live.session?.participants.map((p) => [p.id, p.role]),
  ])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `participantsKey` asks for a fresh read.
  useEffect(() => {
    const abort = new AbortController()
    api
      .session(sessionId, abort.signal)
      .then((session) => setRest({ status: 'ready', session }))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return
        const text = refusalText(err)
        setRest({
          status: 'error',
          code: (err as { code?: string }).code ?? 'internal',
          text: t(text.key, text.params),
        })
      })
    return () => abort.abort()
  }, [sessionId, t, participantsKey])

  useEffect(() => {
    if (!sync) return
    return sync.on('refused', (refusal) => refusalNotice(refusal.error))
  }, [sync, refusalNotice])

  // The room refusing the join itself (the session hidden from this user, or gone) is said once.
  useEffect(() => {
    if (live.joinError) refusalNotice(live.joinError)
  }, [live.joinError, refusalNotice])

  const session = live.session ?? (rest.status === 'ready' ? rest.session : null)
  const rights = (rest.status === 'ready' ? rest.session.rights : session?.rights) ?? {
    role: 'observer' as const,
    draw: false,
    chair: false,
  }
  const open = session?.status === 'open'
  const replaying = tab === 'replay' && replayFrame !== null
  // A snapshot being compared shows the picture it saved, with what changed highlighted.
  const comparing = tab === 'snapshots' && comparison !== null
  const pastPicture = replaying || comparing
  const writable = rights.draw && open && !pastPicture
  const chair = rights.chair && open
  const names = useMemo(
    () =>
      new Map([
        [user.username, user.displayName],
        ...live.roster.map((r) => [r.username, r.displayName] as const),
      ]),
    [live.roster, user.username, user.displayName],
  )
  // Exports follow the layers' rule: the viewer takes out open documents only (the server checks).
  const mayTakeOut = session
    ? mayExport(user.role, { group: 'crisis', classification: session.classification })
    : false
  const organisations = useMemo(
    () => [
      ...new Set(
        [
          ...(session?.participants ?? []).map((p) => p.organisation ?? (p.actorId ? p.name : null)),
          ...live.roster.map((r) => r.organisation),
        ].filter((o): o is string => !!o),
      ),
    ],
    [session?.participants, live.roster],
  )

  // The tab is part of the address, so a link opens the same view.
  const chooseTab = useCallback(
    (next: SessionTab) => {
      setTab(next)
      window.history.replaceState(null, '', routeHash({ page: 'session', sessionId, tab: next }))
    },
    [sessionId],
  )

  const onMapController = useCallback(
    (next: MapController | null) => {
      setController(next)
      onController(next)
    },
    [onController],
  )

  // Log pins on the map, and the session map itself (annotations, drawing, presence, replay).
  useEffect(() => {
    if (!controller) return
    const logPins = new LogPins(controller.map)
    setPins(logPins)
    return () => {
      logPins.destroy()
      setPins(null)
    }
  }, [controller])

  const [crisisMap, setCrisisMap] = useState<CrisisMap | null>(null)
  const [tool, setTool] = useState<CrisisTool>('select')
  const [symbol, setSymbol] = useState<CrisisSymbol>('hazard')
  const [colour, setColour] = useState(defaultStyle.color)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const tRef = useRef({ t, lang })
  tRef.current = { t, lang }
  useEffect(() => {
    if (!controller || !sync) return
    const created = createCrisisMap(controller, sync, { ...tRef.current, readOnly: true })
    setCrisisMap(created)
    const offs = [
      created.on('tool', (next) => {
        setTool(next)
        setControls((c) => ({ ...c, laser: next === 'laser' }))
      }),
      created.on('selection', (ids) => setSelectedId(ids[0] ?? null)),
      created.on('follow', (follow) => setControls((c) => ({ ...c, follow }))),
    ]
    return () => {
      for (const off of offs) off()
      created.destroy()
      setCrisisMap(null)
    }
  }, [controller, sync])

  const mayDraw = rights.draw && open
  // Note: a past picture is never drawn on; the map goes read-only while one is shown.
  useEffect(() => crisisMap?.setReadOnly(!mayDraw || pastPicture), [crisisMap, mayDraw, pastPicture])
  useEffect(() => crisisMap?.setLanguage(t, lang), [crisisMap, t, lang])
  useEffect(() => crisisMap?.setShowViewports(controls.showViewports), [crisisMap, controls.showViewports])
  useEffect(() => crisisMap?.setFollow(controls.follow), [crisisMap, controls.follow])
  useEffect(() => crisisMap?.setSymbol(symbol), [crisisMap, symbol])
  useEffect(() => crisisMap?.setStyle({ color: colour }), [crisisMap, colour])
  const shownComparison = comparing ? comparison : null
  const comparedState = useMemo(
    () => (shownComparison && history ? stateAt(history, shownComparison.snapshot.seq) : null),
    [shownComparison, history],
  )
  useEffect(() => crisisMap?.highlight(shownComparison?.diff ?? null), [crisisMap, shownComparison])
  useEffect(
    () => crisisMap?.showState(replaying && replayFrame ? stateOfFrame(replayFrame) : comparedState),
    [crisisMap, replaying, replayFrame, comparedState],
  )

  const changeControls = useCallback(
    (next: PresenceControls) => {
      // Note: the laser is a tool of the map; switching it off goes back to selecting.
      if (next.laser !== controls.laser) crisisMap?.setLaser(next.laser)
      setControls(next)
    },
    [crisisMap, controls.laser],
  )

  const [liveAnnotationsTick, setLiveAnnotationsTick] = useState(0)
  useEffect(() => {
    if (!sync) return
    return sync.on('annotations', () => setLiveAnnotationsTick((n) => n + 1))
  }, [sync])

  // Note: the first picture fits the map to what was drawn, so a session opens on its area.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `liveAnnotationsTick` says the picture changed.
  useEffect(() => {
    if (fitted.current || !crisisMap || !sync || sync.annotations().size === 0) return
    fitted.current = true
    crisisMap.fitAnnotations()
  }, [crisisMap, sync, liveAnnotationsTick])

  useEffect(() => {
    pins?.set(replayFrame ? replayFrame.log : live.log)
  }, [pins, live.log, replayFrame])

  // History and snapshots are read when a tab needs them, and again after a snapshot is saved.
  const needsHistory = tab === 'snapshots' || tab === 'replay'
  const [historyNonce, setHistoryNonce] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `historyNonce` asks for a fresh read.
  useEffect(() => {
    if (!needsHistory) return
    const abort = new AbortController()
    setHistoryError(null)
    Promise.all([api.sessionHistory(sessionId, abort.signal), api.snapshots(sessionId, abort.signal)])
      .then(([h, s]) => {
        setHistory(h)
        setSnapshots(s)
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return
        const text = refusalText(err)
        setHistoryError(t(text.key, text.params))
      })
    return () => abort.abort()
  }, [needsHistory, sessionId, historyNonce, t])

  const saveSnapshot = useCallback(
    async (name: string) => {
      try {
        await api.createSnapshot(sessionId, name)
        setHistoryNonce((n) => n + 1)
      } catch (err) {
        const text = refusalText(err)
        throw new Error(t(text.key, text.params))
      }
    },
    [sessionId, t],
  )

  const updateSession = useCallback(
    async (change: Parameters<typeof api.updateSession>[1]) => {
      try {
        const updated = await api.updateSession(sessionId, change)
        setRest({ status: 'ready', session: updated })
      } catch (err) {
        const text = refusalText(err)
        throw new Error(t(text.key, text.params))
      }
    },
    [sessionId, t],
  )

  const setStep = useCallback(
    async (agendaStep: AgendaStepId | null) => {
      try {
        await updateSession({ agendaStep })
      } catch (err) {
        notify(err instanceof Error ? err.message : String(err))
      }
    },
    [updateSession, notify],
  )

  const present = useCallback(
    async (on: boolean) => {
      if (!sync) return
      const answer = await sync.setPresenter(on)
      if (!answer.ok) refusalNotice(answer.error)
    },
    [sync, refusalNotice],
  )

  const appendLog = useCallback((entry: LogEntryInput) => sync?.appendLog(entry) ?? '', [sync])
  const updateTask = useCallback((id: string, patch: TaskPatch) => sync?.updateTask(id, patch), [sync])
  const isPending = useCallback((id: string) => sync?.isPending(id) ?? false, [sync])
  const watchRefusals = useCallback(
    (listener: (opId: string) => void) => sync?.on('refused', (r) => listener(r.opId)) ?? (() => undefined),
    [sync],
  )
  // Note: the click that picks the place must not also select or draw on the session map, so the
  // map goes to selecting while the user picks and gets its selection back afterwards.
  const pickPosition = useCallback(async () => {
    if (!pins) return null
    const selected = crisisMap?.selected()[0] ?? null
    crisisMap?.setTool('select')
    const position = await pins.pick()
    crisisMap?.select(selected)
    return position
  }, [pins, crisisMap])
  const showOnMap = useCallback((position: [number, number]) => pins?.show(position), [pins])
  const onFrame = useCallback((frame: ReplayFrame | null) => setReplayFrame(frame), [])
  const initial = useMemo(() => ({ visible: noLayers, opacity: noOpacity }), [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `liveAnnotationsTick` says the picture changed.
  const selectedAnnotation = useMemo(
    () => (selectedId && !pastPicture ? (sync?.annotations().get(selectedId) ?? null) : null),
    [selectedId, sync, pastPicture, liveAnnotationsTick],
  )

  if (rest.status === 'error' && !live.session) {
    return (
      <section className="crisis-page crisis-missing" data-testid="session-missing">
        <div className="boot-card">
          <h2>{rest.code === 'not_found' ? t('crisis.session.notFound') : t('crisis.session.failed')}</h2>
          <p className="boot-message">{rest.text}</p>
          <a className="button" href={routeHash({ page: 'sessions' })}>
            {t('crisis.header.back')}
          </a>
        </div>
      </section>
    )
  }

  // While replaying, the header shows the level, agenda step and status as they were at that moment.
  const shownHeader = replaying && replayFrame ? replayFrame.header : session
  const agendaStep = agendaSteps.find((s) => s.id === shownHeader?.agendaStep)
  const agendaStepName = agendaStep ? agendaStep[lang] : null

  return (
    <section
      className={`session-view${pastPicture ? ' is-replaying' : ''}${open ? '' : ' is-closed'}`}
      aria-labelledby="session-title"
      data-testid="session-view"
    >
      <header className="session-header">
        <div className="session-title-line">
          <a className="session-back" href={routeHash({ page: 'sessions' })}>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M10.5 2.5 5 8l5.5 5.5" stroke="currentColor" strokeWidth="2" fill="none" />
            </svg>
            {t('crisis.header.back')}
          </a>
          <h1 id="session-title" className="session-title">
            {session?.title ?? t('crisis.session.loading')}
          </h1>
          {session && <ClassificationBadge level={session.classification} />}
          <span className={`connection-pill is-${live.status}`} role="status" data-testid="connection-status">
            <span className="connection-light" aria-hidden="true" />
            {t(connectionLabels[live.status])}
          </span>
        </div>
        {session && (
          <div className="session-facts">
            <span className="session-fact">
              <span className="fact-label">{t('crisis.header.event')}</span>
              {eventTypeName(session.eventType, lang)}
            </span>
            <span className="session-fact">
              <span className="fact-label">{t('crisis.header.level')}</span>
              <EscalationBadge
                levels={config.escalationLevels}
                level={shownHeader?.escalationLevel ?? session.escalationLevel}
              />
              {chair && !pastPicture && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setDialog('escalation')}
                  data-testid="change-level"
                >
                  {t('crisis.header.changeLevel')}
                </button>
              )}
            </span>
            <span className="session-fact">
              <span className="fact-label">{t('crisis.header.agenda')}</span>
              <span data-testid="agenda-step">{agendaStepName ?? t('crisis.header.noAgenda')}</span>
            </span>
            <span className="session-fact">
              <span className="fact-label">{t('crisis.header.status')}</span>
              <StatusBadge status={shownHeader?.status ?? session.status} />
              {rights.chair && !pastPicture && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setDialog('status')}
                  data-testid="change-status"
                >
                  {session.status === 'open' ? t('crisis.header.close') : t('crisis.header.reopen')}
                </button>
              )}
            </span>
            <span className="session-actions">
              <a
                className="button button-secondary button-small"
                href={routeHash({ page: 'report', sessionId })}
              >
                {t('crisis.header.report')}
              </a>
              {mayTakeOut && <GeoJsonExportButton sessionId={sessionId} onRefused={refusalNotice} />}
            </span>
          </div>
        )}
      </header>
      {session && !open && <p className="session-banner is-closed">{t('crisis.header.readOnly')}</p>}
      {session && open && !rights.draw && <p className="session-banner">{t('crisis.header.viewer')}</p>}
      <div className="session-body">
        <div className="map-area session-map">
          <MapView
            config={config}
            layers={layers}
            images={images}
            initial={initial}
            label={t('map.label', {
              name: config.name ? municipalityTitle(config.name, lang) : config.kommun,
            })}
            onController={onMapController}
          />
          {crisisMap && (
            <DrawingToolbar
              tool={tool}
              onTool={(next) => crisisMap.setTool(next)}
              symbol={symbol}
              onSymbol={setSymbol}
              colour={colour}
              onColour={setColour}
              mayDraw={mayDraw && !pastPicture}
              canUndo={live.canUndo}
              canRedo={live.canRedo}
              hasSelection={selectedId !== null}
              onUndo={() => crisisMap.undo()}
              onRedo={() => crisisMap.redo()}
              onDelete={() => crisisMap.deleteSelected()}
            />
          )}
          {selectedAnnotation && crisisMap && (
            <AnnotationEditor
              key={selectedAnnotation.id}
              annotation={selectedAnnotation}
              names={names}
              editable={mayDraw && !pastPicture}
              pending={sync?.isPending(selectedAnnotation.id) ?? false}
              onChange={(patch) => crisisMap.updateSelected(patch)}
              onDelete={() => crisisMap.deleteSelected()}
              onClose={() => crisisMap.select(null)}
            />
          )}
          {pastPicture && (
            <div className="replay-banner" role="status">
              {replaying
                ? t('crisis.replay.banner')
                : t('crisis.snapshots.banner', { name: shownComparison?.snapshot.name ?? '' })}
            </div>
          )}
          <MapNotices
            notices={notices}
            onDismiss={(n) => setNotices((list) => list.filter((x) => x.id !== n.id))}
            testId="session-notices"
          />
        </div>
        <aside className="session-panel" aria-label={t('crisis.panel.label')}>
          <div className="session-tabs" role="tablist" aria-label={t('crisis.panel.label')}>
            {sessionTabs.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`session-tab-${id}`}
                aria-selected={tab === id}
                aria-controls={`session-panel-${id}`}
                className={`session-tab${tab === id ? ' is-active' : ''}`}
                onClick={() => chooseTab(id)}
              >
                {t(tabLabels[id])}
                {id === 'roster' && live.roster.length > 0 && (
                  <span className="tab-count">{live.roster.filter((r) => r.status === 'online').length}</span>
                )}
              </button>
            ))}
          </div>
          <div
            className="session-tab-panel"
            role="tabpanel"
            id={`session-panel-${tab}`}
            aria-labelledby={`session-tab-${tab}`}
          >
            {tab === 'roster' && (
              <RosterPanel
                sessionId={sessionId}
                roster={live.roster}
                participants={session?.participants ?? []}
                presenterId={live.presenterId}
                me={user.id}
                controls={controls}
                onControls={changeControls}
                onPresent={open && (rights.draw || rights.chair) ? present : undefined}
                chair={chair}
                onRefused={refusalNotice}
              />
            )}
            {tab === 'log' && (
              <LogPanel
                entries={live.log}
                names={names}
                levels={config.escalationLevels}
                writable={writable}
                ownOrganisation={user.organisation?.name ?? null}
                organisations={organisations}
                onAppend={appendLog}
                onUpdateTask={updateTask}
                isPending={isPending}
                watchRefusals={watchRefusals}
                pickPosition={pickPosition}
                onShowOnMap={showOnMap}
                compose={compose}
              />
            )}
            {tab === 'meeting' && (
              <AgendaPanel
                agendaStep={session?.agendaStep ?? null}
                onSetStep={chair ? setStep : undefined}
                participants={session?.participants ?? []}
                roster={live.roster}
                onCompose={
                  writable
                    ? (kind) => {
                        setCompose({ kind, nonce: Date.now() })
                        chooseTab('log')
                      }
                    : undefined
                }
                onSnapshot={
                  writable
                    ? () => {
                        setSnapshotFocus((n) => n + 1)
                        chooseTab('snapshots')
                      }
                    : undefined
                }
              />
            )}
            {tab === 'snapshots' && (
              <SnapshotPanel
                sessionId={sessionId}
                snapshots={snapshots}
                history={history}
                loadError={historyError}
                names={names}
                onSave={mayDraw ? saveSnapshot : undefined}
                selectedId={comparison?.snapshot.id ?? null}
                onSelect={setComparison}
                focusNonce={snapshotFocus}
              />
            )}
            {tab === 'replay' && (
              <ReplayPanel
                history={history}
                loadError={historyError}
                names={names}
                levels={config.escalationLevels}
                current={{
                  escalationLevel: session?.escalationLevel ?? '',
                  agendaStep: session?.agendaStep ?? null,
                  status: session?.status ?? 'open',
                }}
                onFrame={onFrame}
              />
            )}
          </div>
        </aside>
      </div>
      <StatusBar controller={controller} />
      {dialog === 'escalation' && session && (
        <EscalationDialog
          levels={config.escalationLevels}
          current={session.escalationLevel}
          onConfirm={updateSession}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'status' && session && (
        <StatusDialog
          status={session.status}
          onConfirm={() => updateSession({ status: session.status === 'open' ? 'closed' : 'open' })}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  )
}
