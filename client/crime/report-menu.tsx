/**
 * The council's report as PDF (*lägesbild* under Lag 2023:196): the internal version through the
 * reader's need-to-know, or the open version fit to publish, in the reader's language. Links, so
 * the browser saves the file as it does any download.
 */
import { councilReportPdfUrl } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'

export function ReportMenu() {
  const { t, lang } = useI18n()
  return (
    <div className="council-report-links" data-testid="council-report">
      <a className="button button-small" href={councilReportPdfUrl(lang, 'internal')} download>
        {t('council.report.internal')}
      </a>
      <a className="button button-secondary button-small" href={councilReportPdfUrl(lang, 'open')} download>
        {t('council.report.open')}
      </a>
    </div>
  )
}
