/** Mounts the map controller into a div and hands it to the app; React never re-renders the map itself. */
import { useEffect, useRef, useState } from 'react'
import type { LayerInfo } from '../../common/layers.ts'
import type { MunicipalityConfig } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import type { MapImages } from './icons.ts'
import { MapController } from './map-controller.ts'
import type { MapView as View } from './url-state.ts'

export interface MapViewProps {
  config: MunicipalityConfig
  layers: readonly LayerInfo[]
  images: MapImages
  /** Read once, at mount; later changes go through the controller. */
  initial: { visible: ReadonlySet<string>; opacity: ReadonlyMap<string, number>; view?: View }
  label: string
  onController: (controller: MapController | null) => void
}

export function MapView({ config, layers, images, initial, label, onController }: MapViewProps) {
  const { t, lang } = useI18n()
  const [failed, setFailed] = useState(false)
  const [controller, setController] = useState<MapController | null>(null)
  const langRef = useRef(lang)
  langRef.current = lang
  const container = useRef<HTMLElement>(null)
  const initialRef = useRef(initial)
  const onControllerRef = useRef(onController)
  onControllerRef.current = onController

  useEffect(() => {
    if (!container.current) return
    let controller: MapController
    try {
      controller = new MapController({
        container: container.current,
        config,
        layers,
        images,
        visible: initialRef.current.visible,
        opacity: initialRef.current.opacity,
        view: initialRef.current.view,
        lang: langRef.current,
      })
    } catch {
      // MapLibre throws when the browser has no WebGL; say so instead of showing nothing.
      setFailed(true)
      return
    }
    onControllerRef.current(controller)
    setController(controller)
    return () => {
      onControllerRef.current(null)
      setController(null)
      controller.destroy()
    }
  }, [config, layers, images])

  useEffect(() => controller?.setLanguage(lang), [controller, lang])

  if (failed) {
    return (
      <div className="map-canvas map-failed" role="alert">
        <p>{t('map.webglMissing')}</p>
      </div>
    )
  }
  return <section ref={container} className="map-canvas" aria-label={label} id="map" tabIndex={-1} />
}
