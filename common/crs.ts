/**
 * The coordinate reference systems Lägesbild reads and writes, defined once for imports, exports and
 * OGC API - Features: WGS 84, SWEREF 99 TM and its twelve local zones, and the six zones of the older
 * RT90 that municipal GIS departments still have files in.
 *
 * Each definition gives what the tools around us need: the PROJ string (as PROJ's own `projinfo
 * EPSG:n -o PROJ` writes it, so proj4 in Node and PROJ in GDAL and PostGIS agree), the OGC URI,
 * the EPSG name, the name an ESRI `.prj` file gives it (`PROJCS["SWEREF99_TM", …]`) and the axis
 * order the EPSG definition fixes. The Swedish grids are all northing first (SWEREF 99 TM's
 * N, E; RT90's X, Y with X to the north), which OGC API - Features Part 2 honours for coordinates
 * and `bbox` given in them; CRS84 is longitude first and EPSG:4326 latitude first.
 */
import { SWEREF99TM_PROJ4 } from './geo.ts'

/** The order of a CRS's two axes as its definition gives them. */
export type AxisOrder = 'lonLat' | 'latLon' | 'northEast'

export interface CrsDefinition {
  /** `EPSG:3006`, or `OGC:CRS84` for WGS 84 with longitude first. */
  code: string
  /** The EPSG code; 4326 for CRS84, which shares its datum and differs only in axis order. */
  epsg: number
  /** The EPSG name, e.g. "SWEREF99 TM", "RT90 2.5 gon V". */
  name: string
  /** The PROJCS/GEOGCS name in an ESRI `.prj` file, e.g. "SWEREF99_TM", "RT90_25_gon_V". */
  esriName: string
  proj4: string
  axisOrder: AxisOrder
  /** The OGC URI, as OGC API - Features names CRSs. */
  uri: string
}

const RT90_ELLIPSOID_AND_SHIFT =
  '+ellps=bessel +towgs84=414.1,41.3,603.1,-0.855,2.141,-7.023,0 +units=m +no_defs'
const SWEREF99_ELLIPSOID = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs'
const WGS84_PROJ4 = '+proj=longlat +datum=WGS84 +no_defs'

const epsgUri = (epsg: number) => `http://www.opengis.net/def/crs/EPSG/0/${epsg}`
export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'

/** A SWEREF 99 local zone (SWEREF 99 dd mm): scale 1 on its meridian, false easting 150 km. */
const swerefZone = (epsg: number, degrees: number, minutes: number): CrsDefinition => {
  const label = `${String(degrees).padStart(2, '0')} ${String(minutes).padStart(2, '0')}`
  return {
    code: `EPSG:${epsg}`,
    epsg,
    name: `SWEREF99 ${label}`,
    esriName: `SWEREF99_${label.replace(' ', '_')}`,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${degrees + minutes / 60} +k=1 +x_0=150000 +y_0=0 ${SWEREF99_ELLIPSOID}`,
    axisOrder: 'northEast',
    uri: epsgUri(epsg),
  }
}

/**
 * An RT90 zone, named by its offset in gon from the meridian of the old Stockholm observatory
 * (2.5 gon V is the national grid `rikets nät`, 15°48'29.8" east of Greenwich).
 */
const rt90Zone = (epsg: number, name: string, esriName: string, centralMeridian: string): CrsDefinition => ({
  code: `EPSG:${epsg}`,
  epsg,
  name,
  esriName,
  proj4: `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=1500000 +y_0=0 ${RT90_ELLIPSOID_AND_SHIFT}`,
  axisOrder: 'northEast',
  uri: epsgUri(epsg),
})

export const CRS84: CrsDefinition = {
  code: 'OGC:CRS84',
  epsg: 4326,
  name: 'WGS 84 (CRS84)',
  esriName: 'GCS_WGS_1984',
  proj4: WGS84_PROJ4,
  axisOrder: 'lonLat',
  uri: CRS84_URI,
}

export const WGS84: CrsDefinition = {
  code: 'EPSG:4326',
  epsg: 4326,
  name: 'WGS 84',
  esriName: 'GCS_WGS_1984',
  proj4: WGS84_PROJ4,
  axisOrder: 'latLon',
  uri: epsgUri(4326),
}

export const SWEREF99_TM: CrsDefinition = {
  code: 'EPSG:3006',
  epsg: 3006,
  name: 'SWEREF99 TM',
  esriName: 'SWEREF99_TM',
  proj4: SWEREF99TM_PROJ4,
  axisOrder: 'northEast',
  uri: epsgUri(3006),
}

export const RT90_25_GON_V: CrsDefinition = rt90Zone(
  3021,
  'RT90 2.5 gon V',
  'RT90_25_gon_V',
  '15.8082777777778',
)

/** Every CRS Lägesbild knows, WGS 84 and the national grids first. */
export const knownCrs: readonly CrsDefinition[] = [
  CRS84,
  WGS84,
  SWEREF99_TM,
  RT90_25_GON_V,
  swerefZone(3007, 12, 0),
  swerefZone(3008, 13, 30),
  swerefZone(3009, 15, 0),
  swerefZone(3010, 16, 30),
  swerefZone(3011, 18, 0),
  swerefZone(3012, 14, 15),
  swerefZone(3013, 15, 45),
  swerefZone(3014, 17, 15),
  swerefZone(3015, 18, 45),
  swerefZone(3016, 20, 15),
  swerefZone(3017, 21, 45),
  swerefZone(3018, 23, 15),
  rt90Zone(3019, 'RT90 7.5 gon V', 'RT90_75_gon_V', '11.3082777777778'),
  rt90Zone(3020, 'RT90 5 gon V', 'RT90_5_gon_V', '13.5582777777778'),
  rt90Zone(3022, 'RT90 0 gon', 'RT90_0_gon', '18.0582777777778'),
  rt90Zone(3023, 'RT90 2.5 gon O', 'RT90_25_gon_O', '20.3082777777778'),
  rt90Zone(3024, 'RT90 5 gon O', 'RT90_5_gon_O', '22.5582777777778'),
]

const normalised = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')

/**
 * A CRS by any of the names people and files give it: `EPSG:3006`, `3006`, an OGC URI
 * (`http://www.opengis.net/def/crs/EPSG/0/3006`, `…/OGC/1.3/CRS84`), `urn:ogc:def:crs:EPSG::3006`,
 * the EPSG name or the ESRI name. `EPSG:4326` names WGS 84 with latitude first, as EPSG defines it.
 */
export function crsByName(text: string): CrsDefinition | undefined {
  const t = text.trim()
  if (t === CRS84_URI || /^(OGC:)?CRS:?84$/i.test(t) || /^urn:ogc:def:crs:OGC:1\.3:CRS84$/i.test(t))
    return CRS84
  const epsg =
    t.match(/^EPSG:(\d+)$/i)?.[1] ??
    t.match(/^\d+$/)?.[0] ??
    t.match(/^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/(\d+)$/)?.[1] ??
    t.match(/^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i)?.[1]
  if (epsg) return knownCrs.find((c) => c.epsg === Number(epsg) && c.code !== CRS84.code)
  const name = normalised(t)
  return knownCrs.find(
    (c) => c.code !== CRS84.code && (normalised(c.name) === name || normalised(c.esriName) === name),
  )
}

/**
 * The CRS an ESRI `.prj` (WKT 1) file names, by its PROJCS name, or WGS 84 (longitude first, as
 * Shapefiles store it) for a bare `GEOGCS["GCS_WGS_1984", …]`; undefined for any other CRS.
 */
export function crsOfPrj(wkt: string): CrsDefinition | undefined {
  const projected = wkt.match(/^\s*PROJCS\[\s*"([^"]+)"/i)?.[1]
  if (projected) return crsByName(projected)
  const geographic = wkt.match(/^\s*GEOGCS\[\s*"([^"]+)"/i)?.[1]
  if (geographic && /^(GCS_)?WGS[ _]?(19)?84$/i.test(geographic)) return CRS84
  return undefined
}
