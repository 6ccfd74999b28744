/** Cursor coordinates for the status bar: WGS 84 degrees and SWEREF 99 TM metres (EPSG:3006). */
import proj4 from 'proj4'
import { SWEREF99TM_PROJ4 } from '../../common/geo.ts'

const toSwerefConverter = proj4('EPSG:4326', SWEREF99TM_PROJ4)

export interface Sweref {
  /** Northing, metres. */
  n: number
  /** Easting, metres. */
  e: number
}

export function toSweref(lon: number, lat: number): Sweref {
  const [e, n] = toSwerefConverter.forward([lon, lat])
  return { n, e }
}

type Lang = 'sv' | 'en'
const locale = (lang: Lang) => (lang === 'sv' ? 'sv-SE' : 'en-GB')

/** "58,59000° N, 16,18000° Ö" in Swedish, "58.59000° N, 16.18000° E" in English. */
export function formatWgs84(lon: number, lat: number, lang: Lang): string {
  const fmt = (n: number) =>
    Math.abs(n).toLocaleString(locale(lang), {
      minimumFractionDigits: 5,
      maximumFractionDigits: 5,
      useGrouping: false,
    })
  const east = lang === 'sv' ? 'Ö' : 'E'
  const west = lang === 'sv' ? 'V' : 'W'
  return `${fmt(lat)}° ${lat >= 0 ? 'N' : 'S'}, ${fmt(lon)}° ${lon >= 0 ? east : west}`
}

/** "N 6 495 123  E 568 456" (whole metres, grouped by thousands). */
export function formatSweref({ n, e }: Sweref, lang: Lang): string {
  const fmt = (v: number) => Math.round(v).toLocaleString(locale(lang), { maximumFractionDigits: 0 })
  return `N ${fmt(n)}  E ${fmt(e)}`
}
