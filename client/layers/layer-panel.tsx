/**
 * The layer panel: the catalogue grouped by the five themes users know, each layer with a switch,
 * its classification (Öppen, Intern, Begränsad), and, when shown, an opacity slider, a legend and,
 * where the user may export it, the export of the part in view.
 */
import type { BBox } from '../../common/geo.ts'
import { type LayerGroup, type LayerId, type LayerInfo, layerGroupTerms } from '../../common/layers.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from './classification-badge.tsx'
import { LayerExport } from './layer-export.tsx'
import { legendOf } from './layer-styles.ts'
import { LegendView } from './legend-view.tsx'
import type { ChoroplethFacts } from './styles/style-kit.ts'

export interface LayerPanelProps {
  layers: readonly LayerInfo[]
  visible: ReadonlySet<string>
  opacity: ReadonlyMap<string, number>
  choroplethFacts: Readonly<Partial<Record<LayerId, ChoroplethFacts>>>
  failed: ReadonlySet<string>
  onToggle: (layerId: string, visible: boolean) => void
  onOpacity: (layerId: LayerId, opacity: number) => void
  /** Whether the signed-in user may export a layer (`mayExport` for their role). */
  mayExport: (layer: LayerInfo) => boolean
  viewBBox: () => BBox | null
}

const groupOrder = Object.keys(layerGroupTerms) as LayerGroup[]

export function LayerPanel({
  layers,
  visible,
  opacity,
  choroplethFacts,
  failed,
  onToggle,
  onOpacity,
  mayExport,
  viewBBox,
}: LayerPanelProps) {
  const { t, term } = useI18n()
  return (
    <nav className="layer-panel" aria-labelledby="layer-panel-heading">
      <div className="panel-heading">
        <h2 id="layer-panel-heading">{t('layers.heading')}</h2>
        <span className="panel-meta">
          {t('layers.visibleCount', {
            n: layers.filter((l) => visible.has(l.id)).length,
            total: layers.length,
          })}
        </span>
      </div>
      <div className="layer-groups">
        {groupOrder.map((group) => {
          const members = layers.filter((l) => l.group === group)
          if (!members.length) return null
          return (
            <section key={group} className="layer-group" aria-labelledby={`group-${group}`}>
              <h3 id={`group-${group}`} className={`group-heading group-${group}`}>
                {term(layerGroupTerms[group])}
              </h3>
              <ul>
                {members.map((layer) => {
                  const title = term(layer.titles, layer.title)
                  const on = visible.has(layer.id)
                  const switchId = `layer-toggle-${layer.id}`
                  return (
                    <li key={layer.id} className={`layer-row${on ? ' is-on' : ''}`} data-layer={layer.id}>
                      <div className="layer-line">
                        <input
                          id={switchId}
                          type="checkbox"
                          role="switch"
                          className="switch"
                          checked={on}
                          aria-checked={on}
                          onChange={(e) => onToggle(layer.id, e.target.checked)}
                          aria-describedby={failed.has(layer.id) ? `${switchId}-error` : undefined}
                        />
                        <label htmlFor={switchId} className="layer-title">
                          {title}
                        </label>
                        <ClassificationBadge level={layer.classification} />
                      </div>
                      {failed.has(layer.id) && (
                        <p className="layer-error" id={`${switchId}-error`} role="status">
                          {t('layers.failed', { layer: title })}
                        </p>
                      )}
                      {on && (
                        <div className="layer-details">
                          <label className="opacity">
                            <span className="visually-hidden">{t('layers.opacity', { layer: title })}</span>
                            <input
                              type="range"
                              min={0}
                              max={100}
                              step={5}
                              value={Math.round((opacity.get(layer.id) ?? 1) * 100)}
                              onChange={(e) => onOpacity(layer.id, Number(e.target.value) / 100)}
                              aria-valuetext={`${Math.round((opacity.get(layer.id) ?? 1) * 100)} %`}
                            />
                            <output aria-hidden="true">
                              {Math.round((opacity.get(layer.id) ?? 1) * 100)} %
                            </output>
                          </label>
                          <LegendView
                            legend={legendOf(layer, choroplethFacts[layer.id])}
                            layerTitle={title}
                          />
                          {mayExport(layer) && (
                            <LayerExport layer={layer} title={title} viewBBox={viewBBox} />
                          )}
                        </div>
                      )}
                    </li>
                  )
                })}
              </ul>
            </section>
          )
        })}
      </div>
    </nav>
  )
}
