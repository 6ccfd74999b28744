/**
 * The crime prevention council's page (*brottsförebyggande rådet*, `#/council`): the council and
 * the police look at where and when crime concentrates and how safe residents feel, side by side
 * with the map. A header with the tabs (overview with filter and trends, hotspots, surveys beside
 * crime) and a place for the page's actions; a side panel with the tab's controls and charts; the
 * map with the tab's analysis drawn on it by one `CouncilMap`, and its legend.
 *
 * Note: the action plan (*åtgärdsplan*) is added as one more entry of `councilTabs` (url-state.ts)
 * and of `tabPanels` here, and the council's report as a button in `council-actions`.
 */
import './council.css'
import type { FeatureCollection, Geometry } from 'geojson'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import type { LayerInfo } from '../../common/layers.ts'
import { Capability, may } from '../../common/permissions.ts'
import { api, type FeatureProperties, type MunicipalityConfig, type SignedInUser } from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import type { MapImages } from '../map/icons.ts'
import type { MapController } from '../map/map-controller.ts'
import { MapView } from '../map/map-view.tsx'
import { type CouncilTab, councilTabs, routeHash } from '../map/url-state.ts'
import { ActionPlanPanel } from './action-plan-panel.tsx'
import { CouncilMap } from './council-map.ts'
import { HotspotPanel } from './hotspot-panel.tsx'
import { emptyFilter, type IncidentFilter } from './incident-filter.ts'
import { OverviewPanel } from './overview-panel.tsx'
import { ReportMenu } from './report-menu.tsx'
import { SurveyPanel } from './survey-panel.tsx'

export type Districts = FeatureCollection<Geometry, FeatureProperties>

/** What every tab's panel is given. */
export interface CouncilPanelProps {
  user: SignedInUser
  councilMap: CouncilMap | null
  /** The page's map, for drawing a place (the action plan's measures). */
  controller: MapController | null
  districts: Districts | null
  filter: IncidentFilter
  onFilter: (filter: IncidentFilter) => void
  /**
   * The legend the panel wants over the map, or null. Note: a panel clears its drawing and legend
   * itself when it goes (its effect's cleanup), since a parent's effect would run after the new
   * panel's and wipe what it just drew.
   */
  onLegend: (legend: ReactNode) => void
}

interface TabPanel {
  label: MessageKey
  /** Whether the user may open the tab at all. */
  available: (user: SignedInUser) => boolean
  render: (props: CouncilPanelProps) => ReactNode
}

const tabPanels: Record<CouncilTab, TabPanel> = {
  overview: { label: 'council.tab.overview', available: () => true, render: (p) => <OverviewPanel {...p} /> },
  hotspots: {
    label: 'council.tab.hotspots',
    available: (user) => may(user.role, Capability.hotspotAnalysis),
    render: (p) => <HotspotPanel {...p} />,
  },
  surveys: { label: 'council.tab.surveys', available: () => true, render: (p) => <SurveyPanel {...p} /> },
  plan: { label: 'council.tab.plan', available: () => true, render: (p) => <ActionPlanPanel {...p} /> },
}

export interface CouncilViewProps {
  tab: CouncilTab | undefined
  config: MunicipalityConfig
  layers: readonly LayerInfo[]
  images: MapImages
  user: SignedInUser
  onBackToMap: () => void
}

export function CouncilView({ tab, config, layers, images, user, onBackToMap }: CouncilViewProps) {
  const { t } = useI18n()
  const tabs = councilTabs.filter((id) => tabPanels[id].available(user))
  const current: CouncilTab = tab && tabs.includes(tab) ? tab : 'overview'
  const [controller, setController] = useState<MapController | null>(null)
  const [councilMap, setCouncilMap] = useState<CouncilMap | null>(null)
  const [districts, setDistricts] = useState<Districts | null>(null)
  const [filter, setFilter] = useState<IncidentFilter>(emptyFilter)
  const [legend, setLegend] = useState<ReactNode>(null)
  // The map shows the district boundaries under the analysis; nothing else of the catalogue.
  const initial = useMemo(
    () => ({
      visible: new Set(layers.some((l) => l.id === 'districts') ? ['districts'] : []),
      opacity: new Map(),
    }),
    [layers],
  )

  useEffect(() => {
    if (!controller) return
    let made: CouncilMap | null = null
    const start = () => {
      made = new CouncilMap(controller)
      setCouncilMap(made)
    }
    if (controller.isLoaded) start()
    const off = controller.isLoaded ? () => {} : controller.on('ready', start)
    return () => {
      off()
      made?.destroy()
      setCouncilMap(null)
    }
  }, [controller])

  useEffect(() => {
    const abort = new AbortController()
    api
      .features('districts', { limit: '1000' }, abort.signal)
      .then(setDistricts)
      .catch(() => {
        // Without district shapes the charts still work; the map shows no districts.
      })
    return () => abort.abort()
  }, [])

  return (
    <section className="council-page" aria-labelledby="council-heading" data-testid="council-page">
      <header className="council-header">
        <div className="council-title">
          <h1 id="council-heading">{t('council.heading')}</h1>
          <p className="crisis-page-intro">{t('council.intro')}</p>
        </div>
        <div className="council-tabs" role="tablist" aria-label={t('council.heading')}>
          {tabs.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`council-tab-${id}`}
              aria-selected={id === current}
              aria-controls="council-panel"
              className={id === current ? 'is-active' : undefined}
              onClick={() => (window.location.hash = routeHash({ page: 'council', tab: id }))}
            >
              {t(tabPanels[id].label)}
            </button>
          ))}
        </div>
        <div className="council-actions">
          <ReportMenu />
          <button type="button" className="button button-secondary button-small" onClick={onBackToMap}>
            {t('admin.close')}
          </button>
        </div>
      </header>
      <div className="council-body">
        <div
          className="council-panel"
          id="council-panel"
          role="tabpanel"
          aria-labelledby={`council-tab-${current}`}
        >
          {tabPanels[current].render({
            user,
            councilMap,
            controller,
            districts,
            filter,
            onFilter: setFilter,
            onLegend: setLegend,
          })}
        </div>
        <div className="map-area council-map">
          <MapView
            config={config}
            layers={layers}
            images={images}
            initial={initial}
            label={t('council.mapLabel')}
            onController={setController}
          />
          {legend && (
            <aside className="council-legend" aria-label={t('council.legend')} data-testid="council-legend">
              {legend}
            </aside>
          )}
        </div>
      </div>
    </section>
  )
}
