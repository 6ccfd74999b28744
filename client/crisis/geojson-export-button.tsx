import { useState } from 'react'
import { api, saveDownload } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'

/**
 * Saves the session's annotations as a GeoJSON file: as they stood at `seq`, or as they are now.
 * The server refuses what the user may not take out; the refusal goes to `onRefused`.
 */
export function GeoJsonExportButton({
  sessionId,
  seq,
  onStart,
  onRefused,
}: {
  sessionId: string
  seq?: number | undefined
  /** Called as each export begins (the report clears its last refusal). */
  onStart?: () => void
  onRefused: (err: unknown) => void
}) {
  const { t, lang } = useI18n()
  const [exporting, setExporting] = useState(false)

  const exportGeoJson = async () => {
    setExporting(true)
    onStart?.()
    try {
      saveDownload(await api.exportSession(sessionId, seq, lang))
    } catch (err) {
      onRefused(err)
    } finally {
      setExporting(false)
    }
  }

  return (
    <button
      type="button"
      className="button button-secondary button-small"
      disabled={exporting}
      onClick={() => void exportGeoJson()}
    >
      {exporting ? t('export.busy') : t('crisis.header.export')}
    </button>
  )
}
