/** The status bar: cursor position in WGS 84 and SWEREF 99 TM, and the zoom level. */
import { useEffect, useState } from 'react'
import { useI18n } from '../i18n/i18n.tsx'
import { formatSweref, formatWgs84, toSweref } from '../map/coordinates.ts'
import type { MapController } from '../map/map-controller.ts'

export function StatusBar({ controller }: { controller: MapController | null }) {
  const { t, lang } = useI18n()
  const [pointer, setPointer] = useState<{ lon: number; lat: number } | null>(null)
  const [zoom, setZoom] = useState<number | null>(null)

  useEffect(() => {
    if (!controller) return
    setZoom(controller.map.getZoom())
    let frame = 0
    let latest: { lon: number; lat: number } | null = null
    const offPointer = controller.on('pointer', (p) => {
      latest = p
      // Note: mousemove fires faster than the screen refreshes; render once per frame.
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0
          setPointer(latest)
        })
      }
    })
    const onZoom = () => setZoom(controller.map.getZoom())
    controller.map.on('zoom', onZoom)
    return () => {
      offPointer()
      controller.map.off('zoom', onZoom)
      cancelAnimationFrame(frame)
    }
  }, [controller])

  return (
    <footer className="status-bar">
      <div className="status-group" title={t('status.coordinates')}>
        {pointer ? (
          <>
            <span className="status-item">
              <abbr className="status-label">{t('status.wgs84')}</abbr>
              <span className="status-value" data-testid="wgs84">
                {formatWgs84(pointer.lon, pointer.lat, lang)}
              </span>
            </span>
            <span className="status-item">
              <abbr className="status-label">{t('status.sweref')}</abbr>
              <span className="status-value" data-testid="sweref">
                {formatSweref(toSweref(pointer.lon, pointer.lat), lang)}
              </span>
            </span>
          </>
        ) : (
          <span className="status-hint">{t('status.noPosition')}</span>
        )}
      </div>
      <div className="status-group">
        <span className="status-item">
          <span className="status-label">{t('status.zoom')}</span>
          <span className="status-value">
            {zoom === null
              ? '–'
              : zoom.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', {
                  maximumFractionDigits: 1,
                  minimumFractionDigits: 1,
                })}
          </span>
        </span>
        <span className="status-item status-demo">{t('app.demoNotice')}</span>
      </div>
    </footer>
  )
}
