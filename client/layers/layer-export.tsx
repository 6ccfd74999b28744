/**
 * Export of one layer as GeoJSON or CSV, limited to the map in view. Shown only where the user's
 * role may export the layer (`mayExport`); the marking the file will carry is shown before the
 * download, so nobody takes out a restricted document without seeing that it is one.
 */
import { useState } from 'react'
import type { Classification } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { ApiError, api, saveDownload } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { ClassificationBadge } from './classification-badge.tsx'
import {
  type ExportFilters,
  type ExportFormat,
  exportFileName,
  exportFormatLabels,
  exportFormats,
  exportParams,
  exportStamp,
} from './export-request.ts'

export interface LayerExportProps {
  layer: LayerInfo
  title: string
  /** The map in view when the button is pressed. */
  viewBBox: () => BBox | null
  filters?: ExportFilters
}

/**
 * The server caps an export and refuses a larger one with a 400; it says so only in its English
 * message, so that is what is matched (a `details.maxFeatures` would be sturdier).
 */
const tooManyObjects = (err: ApiError) =>
  err.status === 400 && /more than [\d\s,.]+ objects/i.test(err.message)

export function LayerExport({ layer, title, viewBBox, filters }: LayerExportProps) {
  const { t, lang } = useI18n()
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<Classification | null>(null)

  const run = async (format: ExportFormat) => {
    setBusy(format)
    setError(null)
    setDone(null)
    try {
      const file = await api.exportLayer(
        layer.id,
        exportParams(layer, format, viewBBox(), filters, lang),
        exportFileName(layer.id, format),
      )
      saveDownload(file)
      setDone(file.classification ?? layer.classification)
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setError(t('export.forbidden'))
      else if (err instanceof ApiError && tooManyObjects(err)) setError(t('export.tooMany'))
      else setError(t('export.failed', { message: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(null)
    }
  }

  return (
    <details className="layer-export" data-testid={`export-${layer.id}`}>
      <summary>
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <path d="M7 1h2v7.2l2.3-2.3 1.4 1.4L8 12 3.3 7.3l1.4-1.4L7 8.2zM2 13h12v2H2z" fill="currentColor" />
        </svg>
        {t('export.heading')}
      </summary>
      {/* Note: an export is as classified as its most classified object, so the layer's class is a floor. */}
      <p className="export-marking" data-testid="export-marking" title={t('export.markingHelp')}>
        <ClassificationBadge level={layer.classification} />
        <span>
          {t(layer.classification === 'restricted' ? 'export.marking' : 'export.markingAtLeast', {
            level: exportStamp(layer.classification, lang),
          })}
        </span>
      </p>
      <div className="export-line">
        {exportFormats.map((format) => (
          <button
            key={format}
            type="button"
            className="chip-button"
            disabled={busy !== null}
            aria-label={t('export.button', { layer: title, format: exportFormatLabels[format] })}
            title={t('export.button', { layer: title, format: exportFormatLabels[format] })}
            onClick={() => void run(format)}
          >
            {busy === format ? t('export.busy') : exportFormatLabels[format]}
          </button>
        ))}
      </div>
      {done && (
        <p className="export-done" role="status">
          {t('export.done', { level: exportStamp(done, lang) })}
        </p>
      )}
      {error && (
        <p className="layer-error" role="alert">
          {error}
        </p>
      )}
    </details>
  )
}
