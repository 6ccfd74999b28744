/**
 * The application shell for the signed-in user: loads the municipality's configuration and the
 * layers this user may read, then lays out the top bar, the layer panel, the map, the feature panel
 * and the status bar (or the administration over them), and keeps the view and the visible layers
 * in the address.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { isLayerId, type LayerId, type LayerInfo } from '../../common/layers.ts'
import { Capability, may, mayExport } from '../../common/permissions.ts'
import { AdminView, adminTabs } from '../admin/admin-view.tsx'
import {
  api,
  type LayerFeature,
  type MunicipalityConfig,
  type SearchHit,
  type SignedInUser,
} from '../api/api-client.ts'
import { useSession } from '../auth/session.tsx'
import { CascadePanel } from '../cascade/cascade-panel.tsx'
import { CouncilView } from '../crime/council-view.tsx'
import { ReportView } from '../crisis/report-view.tsx'
import { SessionList } from '../crisis/session-list.tsx'
import { SessionView } from '../crisis/session-view.tsx'
import { FeaturePanel } from '../features/feature-panel.tsx'
import { useI18n } from '../i18n/i18n.tsx'
import { IncidentList } from '../incidents/incident-list.tsx'
import { IncidentView } from '../incidents/incident-view.tsx'
import { ReportForm } from '../incidents/report-form.tsx'
import { choroplethFactsOf } from '../layers/choropleth.ts'
import { LayerPanel } from '../layers/layer-panel.tsx'
import { choroplethOf } from '../layers/layer-styles.ts'
import type { ChoroplethFacts } from '../layers/styles/style-kit.ts'
import { loadMapFonts } from '../map/fonts.ts'
import { type MapImages, prepareMapImages } from '../map/icons.ts'
import type { MapController } from '../map/map-controller.ts'
import { MapView } from '../map/map-view.tsx'
import {
  type AppRoute,
  parseRoute,
  parseUrlState,
  routeHash,
  type SelectedFeature,
  serialiseUrlState,
  type MapView as View,
} from '../map/url-state.ts'
import { ActorRegister } from '../network/actor-register.tsx'
import { AssetDependencies } from '../network/asset-dependencies.tsx'
import { NetworkOverlay } from '../network/network-overlay.ts'
import { RsaView } from '../rsa/rsa-view.tsx'
import { StatusBar } from '../status/status-bar.tsx'
import { BootFailure, BootLoading } from './boot-screen.tsx'
import { municipalityTitle } from './municipality-name.ts'
import { MapNotices } from './notices.tsx'
import { TopBar } from './top-bar.tsx'

interface Loaded {
  config: MunicipalityConfig
  layers: LayerInfo[]
  images: MapImages
}

type Boot = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; loaded: Loaded }

export function App() {
  const { user, signOut } = useSession()
  const [boot, setBoot] = useState<Boot>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's trigger.
  useEffect(() => {
    const controller = new AbortController()
    setBoot({ status: 'loading' })
    Promise.all([
      api.config(controller.signal),
      api.layers(controller.signal),
      prepareMapImages(),
      loadMapFonts(),
    ])
      .then(([config, layers, images]) => setBoot({ status: 'ready', loaded: { config, layers, images } }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted)
          setBoot({ status: 'error', message: err instanceof Error ? err.message : String(err) })
      })
    return () => controller.abort()
  }, [attempt])

  switch (boot.status) {
    case 'ready':
      return <Pages {...boot.loaded} user={user} onSignOut={() => void signOut()} />
    case 'loading':
      return <BootLoading />
    case 'error':
      return <BootFailure message={boot.message} onRetry={() => setAttempt((n) => n + 1)} />
    default: {
      const unknown: never = boot
      return unknown
    }
  }
}

/** The page the address names, following the browser's back and forward buttons. */
function useRoute(): { route: AppRoute; lastMapHash: string } {
  const [route, setRoute] = useState<AppRoute>(() => parseRoute(window.location.hash))
  // The map writes its view into the hash; leaving for the crisis pages keeps it to come back to.
  const lastMapHash = useRef('')
  useEffect(() => {
    const onHashChange = (event: HashChangeEvent) => {
      const before = new URL(event.oldURL).hash
      if (parseRoute(before).page === 'map') lastMapHash.current = before
      setRoute(parseRoute(window.location.hash))
    }
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])
  return { route, lastMapHash: lastMapHash.current }
}

interface PagesProps extends Loaded {
  user: SignedInUser
  onSignOut: () => void
}

/** The normal map, or the crisis pages (`#/sessions…`) with the same top bar. */
function Pages(props: PagesProps) {
  const { route, lastMapHash } = useRoute()
  const [adminRequested, setAdminRequested] = useState(false)
  const [crisisMap, setCrisisMap] = useState<MapController | null>(null)
  const backToMap = useCallback(() => {
    window.location.hash = lastMapHash || '#'
  }, [lastMapHash])
  if (route.page === 'map')
    return (
      <Workspace
        {...props}
        initialAdminOpen={adminRequested}
        onOpenCrisis={() => {
          setAdminRequested(false)
          window.location.hash = routeHash({ page: 'sessions' })
        }}
        onOpenCouncil={() => {
          setAdminRequested(false)
          window.location.hash = routeHash({ page: 'council' })
        }}
      />
    )
  const mayAdminister = adminTabs(props.user).length > 0
  return (
    <div className={`app crisis-app page-${route.page}`}>
      <TopBar
        municipality={props.config.name}
        kommun={props.config.kommun}
        layers={props.layers}
        onSearchHit={(hit) => {
          if (route.page === 'session' && crisisMap && hit.bbox) crisisMap.fitBounds(hit.bbox)
          else
            window.location.hash = serialiseUrlState({ feature: { layerId: hit.layerId, featureId: hit.id } })
        }}
        user={props.user}
        adminOpen={false}
        onToggleAdmin={
          mayAdminister
            ? () => {
                setAdminRequested(true)
                backToMap()
              }
            : undefined
        }
        crisisOpen={route.page === 'sessions' || route.page === 'session' || route.page === 'report'}
        onToggleCrisis={
          route.page === 'sessions'
            ? backToMap
            : () => (window.location.hash = routeHash({ page: 'sessions' }))
        }
        councilOpen={route.page === 'council'}
        onToggleCouncil={
          route.page === 'council' ? backToMap : () => (window.location.hash = routeHash({ page: 'council' }))
        }
        onSignOut={props.onSignOut}
      />
      <main className="workspace crisis-workspace">
        {route.page === 'council' && (
          <CouncilView
            tab={route.tab}
            config={props.config}
            layers={props.layers}
            images={props.images}
            user={props.user}
            onBackToMap={backToMap}
          />
        )}
        {route.page === 'sessions' && (
          <SessionList config={props.config} user={props.user} onBackToMap={backToMap} />
        )}
        {route.page === 'session' && (
          <SessionView
            key={route.sessionId}
            sessionId={route.sessionId}
            tab={route.tab}
            config={props.config}
            layers={props.layers}
            images={props.images}
            user={props.user}
            onController={setCrisisMap}
          />
        )}
        {/* The RSA register and incident reporting. */}
        {route.page === 'rsa' && (
          <RsaView config={props.config} layers={props.layers} images={props.images} user={props.user} />
        )}
        {route.page === 'incident-new' && (
          <ReportForm config={props.config} layers={props.layers} images={props.images} />
        )}
        {route.page === 'incidents' && <IncidentList user={props.user} />}
        {route.page === 'incident' && (
          <IncidentView key={route.incidentId} incidentId={route.incidentId} user={props.user} />
        )}
        {route.page === 'report' && (
          <ReportView
            key={route.sessionId}
            sessionId={route.sessionId}
            seq={route.seq}
            config={props.config}
            layers={props.layers}
            images={props.images}
            user={props.user}
          />
        )}
      </main>
    </div>
  )
}

interface Notice {
  id: string
  text: string
}

function initialVisible(layers: readonly LayerInfo[], fromUrl: string[] | undefined): Set<string> {
  const known = new Set<string>(layers.map((l) => l.id))
  if (fromUrl) return new Set(fromUrl.filter((id) => known.has(id)))
  return new Set(layers.filter((l) => l.visibleByDefault).map((l) => l.id))
}

interface WorkspaceProps extends Loaded {
  user: SignedInUser
  onSignOut: () => void
  /** Opens the administration at once (asked for from a crisis page). */
  initialAdminOpen?: boolean
  onOpenCrisis: () => void
  onOpenCouncil: () => void
}

function Workspace({
  config,
  layers,
  images,
  user,
  onSignOut,
  initialAdminOpen,
  onOpenCrisis,
  onOpenCouncil,
}: WorkspaceProps) {
  const { t, term, lang } = useI18n()
  const [adminOpen, setAdminOpen] = useState(initialAdminOpen ?? false)
  const mayAdminister = adminTabs(user).length > 0
  const initialUrl = useMemo(() => parseUrlState(window.location.hash), [])
  const [visible, setVisible] = useState<ReadonlySet<string>>(() => initialVisible(layers, initialUrl.layers))
  const [opacity, setOpacityState] = useState<ReadonlyMap<LayerId, number>>(() => new Map())
  const [choroplethFacts, setChoroplethFacts] = useState<Partial<Record<LayerId, ChoroplethFacts>>>({})
  const [selection, setSelection] = useState<SelectedFeature | null>(initialUrl.feature ?? null)
  const [controller, setController] = useState<MapController | null>(null)
  const [failed, setFailed] = useState<ReadonlySet<string>>(() => new Set())
  const [notices, setNotices] = useState<Notice[]>([])
  const [panelOpen, setPanelOpen] = useState(true)
  // The left panel shows the layers or the actor register (with its network view).
  const [registerOpen, setRegisterOpen] = useState(false)
  const [overlay, setOverlay] = useState<NetworkOverlay | null>(null)
  useEffect(() => {
    if (!controller) return
    const created = new NetworkOverlay(controller.map)
    setOverlay(created)
    return () => created.destroy()
  }, [controller])
  const [cascadeOpen, setCascadeOpen] = useState(false)
  const mayCascade = may(user.role, Capability.cascadeAnalysis)
  const viewRef = useRef<View | undefined>(initialUrl.view)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map reads its first state once, at mount.
  const initial = useMemo(() => ({ visible, opacity, view: initialUrl.view }), [])

  const notify = useCallback((id: string, text: string) => {
    setNotices((list) => (list.some((n) => n.id === id) ? list : [...list, { id, text }]))
  }, [])

  // Keep the address in step with what is on screen, so a copied link opens the same picture.
  const writeUrl = useCallback(() => {
    const hash = serialiseUrlState({
      view: viewRef.current,
      layers: layers.filter((l) => visible.has(l.id)).map((l) => l.id),
      feature: selection ?? undefined,
    })
    if (hash !== window.location.hash) window.history.replaceState(null, '', hash || window.location.pathname)
  }, [layers, visible, selection])
  const writeUrlRef = useRef(writeUrl)
  writeUrlRef.current = writeUrl
  useEffect(() => writeUrl(), [writeUrl])

  useEffect(() => {
    if (!controller) return
    const offs = [
      controller.on('view', (view) => {
        viewRef.current = view
        writeUrlRef.current()
      }),
      controller.on('featureclick', (hit) =>
        setSelection({ layerId: hit.layerId, featureId: hit.featureId }),
      ),
      controller.on('sourceerror', ({ sourceId }) => {
        if (sourceId === 'basemap') notify('basemap', t('map.tileError'))
        else setFailed((prev) => new Set(prev).add(sourceId))
      }),
      controller.on('basemaperror', () => notify('external-basemap', t('map.basemapFailed'))),
    ]
    return () => {
      for (const off of offs) off()
    }
  }, [controller, notify, t])

  useEffect(() => {
    if (!selection) controller?.highlight(null)
  }, [controller, selection])

  // Choropleth classes follow the data, so a municipality with little crime still shows contrast.
  const choroplethsShown = layers.filter((l) => choroplethOf(l.id) && visible.has(l.id)).map((l) => l.id)
  const choroplethKey = choroplethsShown.join(',')
  useEffect(() => {
    if (!choroplethKey) return
    const abort = new AbortController()
    for (const layerId of choroplethKey.split(',').filter(isLayerId)) {
      const choropleth = choroplethOf(layerId)
      if (!choropleth || choroplethFacts[layerId]) continue
      api
        .features(layerId, { limit: '5000' }, abort.signal)
        .then((collection) => {
          setChoroplethFacts((prev) => ({ ...prev, [layerId]: choroplethFactsOf(collection, choropleth) }))
        })
        .catch(() => {
          // The default classes stay; the layer itself still draws.
        })
    }
    return () => abort.abort()
  }, [choroplethKey, choroplethFacts])
  useEffect(() => {
    if (!controller) return
    for (const layer of layers) {
      const limits = choroplethFacts[layer.id]?.limits
      if (limits) controller.setClassLimits(layer.id, limits)
    }
  }, [controller, choroplethFacts, layers])

  const toggleLayer = useCallback(
    (layerId: string, on: boolean) => {
      setVisible((prev) => {
        const next = new Set(prev)
        if (on) next.add(layerId)
        else next.delete(layerId)
        return next
      })
      controller?.setLayerVisible(layerId, on)
      // A feature panel describes something on the map: it closes when its layer is switched off.
      if (!on) setSelection((current) => (current?.layerId === layerId ? null : current))
    },
    [controller],
  )

  const setOpacity = useCallback(
    (layerId: LayerId, value: number) => {
      setOpacityState((prev) => new Map(prev).set(layerId, value))
      controller?.setOpacity(layerId, value)
    },
    [controller],
  )

  const onSearchHit = useCallback(
    (hit: SearchHit) => {
      if (!visible.has(hit.layerId)) toggleLayer(hit.layerId, true)
      if (hit.bbox) controller?.fitBounds(hit.bbox)
      setSelection({ layerId: hit.layerId, featureId: hit.id })
    },
    [controller, toggleLayer, visible],
  )

  const onFeatureLoaded = useCallback(
    (feature: LayerFeature | null) => controller?.highlight(feature),
    [controller],
  )

  const openAsset = useCallback(
    (assetId: string) => {
      if (!visible.has('critical-assets')) toggleLayer('critical-assets', true)
      setSelection({ layerId: 'critical-assets', featureId: assetId })
    },
    [toggleLayer, visible],
  )

  const layerExportable = useCallback((layer: LayerInfo) => mayExport(user.role, layer), [user.role])
  const viewBBox = useCallback(() => controller?.visibleBBox() ?? null, [controller])
  const closeAdmin = useCallback(() => setAdminOpen(false), [])

  const selectedLayer = selection ? layers.find((l) => l.id === selection.layerId) : undefined
  const mapLabel = t('map.label', {
    name: config.name ? municipalityTitle(config.name, lang) : config.kommun,
  })

  return (
    <div className={`app${panelOpen ? '' : ' panel-closed'}${selection ? ' has-selection' : ''}`}>
      <TopBar
        municipality={config.name}
        kommun={config.kommun}
        layers={layers}
        onSearchHit={(hit) => {
          setAdminOpen(false)
          onSearchHit(hit)
        }}
        user={user}
        adminOpen={adminOpen}
        onToggleAdmin={mayAdminister ? () => setAdminOpen((open) => !open) : undefined}
        crisisOpen={false}
        onToggleCrisis={onOpenCrisis}
        councilOpen={false}
        onToggleCouncil={onOpenCouncil}
        onSignOut={onSignOut}
      />
      <main className="workspace">
        {adminOpen && <AdminView user={user} layers={layers} onClose={closeAdmin} />}
        {/* Note: under the administration the map stays mounted (so returning is instant) but inert. */}
        <div className="workspace-content" inert={adminOpen}>
          {panelOpen && registerOpen && (
            <ActorRegister user={user} controller={controller} overlay={overlay} onOpenAsset={openAsset} />
          )}
          {panelOpen && !registerOpen && (
            <LayerPanel
              layers={layers}
              visible={visible}
              opacity={opacity}
              choroplethFacts={choroplethFacts}
              failed={failed}
              onToggle={toggleLayer}
              onOpacity={setOpacity}
              mayExport={layerExportable}
              viewBBox={viewBBox}
            />
          )}
          <div className="map-area">
            <MapView
              config={config}
              layers={layers}
              images={images}
              initial={initial}
              label={mapLabel}
              onController={setController}
            />
            <div className="map-tools">
              <button
                type="button"
                className="map-button"
                onClick={() => setPanelOpen((open) => !open)}
                aria-expanded={panelOpen}
                title={panelOpen ? t('layers.collapse') : t('layers.expand')}
              >
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                  <path
                    d="M10 2 1.5 6.5 10 11l8.5-4.5zM3.2 9.6 1.5 10.5 10 15l8.5-4.5-1.7-.9L10 13.2zm0 4L1.5 14.5 10 19l8.5-4.5-1.7-.9L10 17.2z"
                    fill="currentColor"
                  />
                </svg>
                <span className="visually-hidden">
                  {panelOpen ? t('layers.collapse') : t('layers.expand')}
                </span>
              </button>
              <button
                type="button"
                className={`map-button${registerOpen ? ' active' : ''}`}
                onClick={() => {
                  setRegisterOpen((open) => !open)
                  setPanelOpen(true)
                }}
                aria-pressed={registerOpen}
                title={t('actors.open')}
              >
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                  <path
                    d="M7 3a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm7 1a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM1 16c0-3 2.7-5 6-5s6 2 6 5v1H1zm13-5c2.8 0 5 1.7 5 4.3V17h-4.5v-1c0-1.9-.8-3.5-2.1-4.6.5-.3 1-.4 1.6-.4z"
                    fill="currentColor"
                  />
                </svg>
                <span className="visually-hidden">{t('actors.open')}</span>
              </button>
              <button
                type="button"
                className="map-button"
                onClick={() => controller?.fitMunicipality()}
                title={t('map.resetView')}
              >
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                  <path
                    d="M2 8V2h6v2H4v4zm10-6h6v6h-2V4h-4zM2 12h2v4h4v2H2zm14 0h2v6h-6v-2h4z"
                    fill="currentColor"
                  />
                </svg>
                <span className="visually-hidden">{t('map.resetView')}</span>
              </button>
              {mayCascade && (
                <button
                  type="button"
                  className="map-button"
                  onClick={() => setCascadeOpen((open) => !open)}
                  aria-expanded={cascadeOpen}
                  title={t('cascade.open')}
                  data-testid="cascade-open"
                >
                  <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                    <path
                      d="M3 3h4v4H3zm5 5h4v4H8zm5 5h4v4h-4zM5 7v3h3v-.5zm5 5v3h3"
                      fill="currentColor"
                      stroke="currentColor"
                      strokeWidth="1"
                    />
                  </svg>
                  <span className="visually-hidden">{t('cascade.open')}</span>
                </button>
              )}
            </div>
            <MapNotices
              notices={notices}
              onDismiss={(n) => setNotices((list) => list.filter((x) => x.id !== n.id))}
            />
            <MapLoading controller={controller} />
          </div>
          {cascadeOpen && <CascadePanel controller={controller} onClose={() => setCascadeOpen(false)} />}
          {selection && (
            <FeaturePanel
              key={`${selection.layerId}/${selection.featureId}`}
              selection={selection}
              layer={selectedLayer}
              onClose={() => setSelection(null)}
              onLoaded={onFeatureLoaded}
              onZoomTo={(bbox) => controller?.fitBounds(bbox)}
            >
              {selection.layerId === 'critical-assets' && (
                <AssetDependencies
                  assetId={selection.featureId}
                  user={user}
                  overlay={overlay}
                  onOpenAsset={openAsset}
                  onFit={(bbox) => controller?.fitBounds(bbox, 15)}
                />
              )}
            </FeaturePanel>
          )}
        </div>
      </main>
      <StatusBar controller={controller} />
      <span className="visually-hidden" aria-live="polite">
        {selectedLayer ? term(selectedLayer.titles) : ''}
      </span>
    </div>
  )
}

/** A veil over the map until MapLibre has drawn its first frame. */
function MapLoading({ controller }: { controller: MapController | null }) {
  const { t } = useI18n()
  const [done, setDone] = useState(false)
  useEffect(() => {
    if (!controller) return
    if (controller.isLoaded) {
      setDone(true)
      return
    }
    return controller.on('ready', () => setDone(true))
  }, [controller])
  if (done) return null
  return (
    <div className="map-loading" role="status">
      <span className="spinner" aria-hidden="true" /> {t('app.loading')}
    </div>
  )
}
