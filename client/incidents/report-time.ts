/** An incident's time as the reader's language writes it, in the municipality's own clock. */
const formats = {
  sv: new Intl.DateTimeFormat('sv-SE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }),
} as const

export function formatReportTime(iso: string, lang: 'sv' | 'en'): string {
  return formats[lang].format(Date.parse(iso))
}
