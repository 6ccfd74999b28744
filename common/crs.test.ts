import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { CRS84, crsByName, crsOfPrj, knownCrs, RT90_25_GON_V, SWEREF99_TM, WGS84 } from './crs.ts'
import { expectFixture, loadFixture } from './testing/fixtures.ts'

describe('the CRS definitions', () => {
  it('transform SWEREF 99 TM to RT90 2.5 gon V as GDAL (PROJ) does, to the millimetre', () => {
    const { vertices } = loadFixture('rt90-sweref99tm-gdal-vertices').json<{
      vertices: { kommun: string; e: number; n: number }[]
    }>()
    const toRt90 = proj4(SWEREF99_TM.proj4, RT90_25_GON_V.proj4)
    expectFixture('rt90-sweref99tm-gdal-vertices', {
      vertices: vertices.map(({ kommun, e, n }) => {
        const [y, x] = toRt90.forward([e, n]) as [number, number]
        return { kommun, x, y }
      }),
    })
  })

  it('put each SWEREF 99 local zone on its own meridian, 150 km false easting', () => {
    const zone1630 = crsByName('EPSG:3010')
    expect(zone1630?.name).toBe('SWEREF99 16 30')
    expect(zone1630 && proj4(WGS84.proj4, zone1630.proj4, [16.5, 58.6])[0]).toBeCloseTo(150_000, 3)
  })

  it('are each known once by code and by name', () => {
    const codes = knownCrs.map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(knownCrs.filter((c) => c.epsg >= 3006 && c.epsg <= 3024)).toHaveLength(19)
    for (const c of knownCrs.filter((k) => k !== CRS84)) {
      expect(crsByName(c.code)).toBe(c)
      expect(crsByName(c.uri)).toBe(c)
      expect(crsByName(c.name)).toBe(c)
    }
  })
})

describe('crsByName', () => {
  it.each([
    ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', CRS84],
    ['CRS84', CRS84],
    ['EPSG:4326', WGS84],
    ['4326', WGS84],
    ['urn:ogc:def:crs:EPSG::3006', SWEREF99_TM],
    ['http://www.opengis.net/def/crs/EPSG/0/3021', RT90_25_GON_V],
    ['SWEREF99_TM', SWEREF99_TM],
    ['rt90 2.5 gon v', RT90_25_GON_V],
  ])('reads %s', (text, crs) => {
    expect(crsByName(text)).toBe(crs)
  })

  it.each(['EPSG:3857', 'EPSG:', 'http://www.opengis.net/def/crs/EPSG/0/', 'SWEREF99', ''])(
    'knows nothing of %j',
    (text) => {
      expect(crsByName(text)).toBeUndefined()
    },
  )
})

describe('crsOfPrj', () => {
  it('reads the PROJCS name of Lantmäteriet and GDAL .prj files', () => {
    expect(
      crsOfPrj(
        'PROJCS["SWEREF99_TM",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99",SPHEROID["GRS_1980",6378137.0,298.257222101]]]]',
      ),
    ).toBe(SWEREF99_TM)
    expect(crsOfPrj('PROJCS["RT90_25_gon_V",GEOGCS["GCS_RT_1990"]]')).toBe(RT90_25_GON_V)
  })

  it('takes a bare WGS 84 GEOGCS as longitude first, and knows no other', () => {
    expect(crsOfPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')).toBe(CRS84)
    expect(crsOfPrj('GEOGCS["GCS_North_American_1983"]')).toBeUndefined()
    expect(crsOfPrj('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere"]')).toBeUndefined()
  })
})
