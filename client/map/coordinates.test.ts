import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { SWEREF99TM_PROJ4 } from '../../common/geo.ts'
import { expectFixture, loadFixture } from '../../common/testing/fixtures.ts'
import { formatSweref, formatWgs84, toSweref } from './coordinates.ts'

describe('coordinates', () => {
  it('converts WGS 84 to SWEREF 99 TM like proj4 itself', () => {
    const { n, e } = toSweref(16.18, 58.59)
    const [expectedE, expectedN] = proj4('EPSG:4326', SWEREF99TM_PROJ4, [16.18, 58.59])
    expect(n).toBeCloseTo(expectedN, 3)
    expect(e).toBeCloseTo(expectedE, 3)
    // Norrköping lies about 6 495 km north of the equator and 70 km east of the 15° E meridian.
    expect(n).toBeGreaterThan(6.48e6)
    expect(n).toBeLessThan(6.5e6)
    expect(e).toBeGreaterThan(5.6e5)
    expect(e).toBeLessThan(5.8e5)
  })

  it("places SMHI's monitoring stations where the station register's own SWEREF 99 TM columns do", () => {
    const { stations } = loadFixture('sweref99tm-smhi-stations').json<{
      stations: { regId: string; lon: number; lat: number }[]
    }>()
    const projected = Object.fromEntries(stations.map((s) => [s.regId, toSweref(s.lon, s.lat)]))
    expectFixture('sweref99tm-smhi-stations', projected)
  })

  it('puts the central meridian at the false easting', () => {
    expect(toSweref(15, 60).e).toBeCloseTo(500000, 3)
  })

  it('formats WGS 84 with five decimals in each language', () => {
    expect(formatWgs84(16.18, 58.59, 'sv')).toBe('58,59000° N, 16,18000° Ö')
    expect(formatWgs84(16.18, 58.59, 'en')).toBe('58.59000° N, 16.18000° E')
    expect(formatWgs84(-3.5, -10.25, 'en')).toBe('10.25000° S, 3.50000° W')
  })

  it('formats SWEREF 99 TM in whole metres', () => {
    const text = formatSweref({ n: 6495123.4, e: 568456.6 }, 'en')
    expect(text).toBe('N 6,495,123  E 568,457')
    expect(formatSweref({ n: 6495123.4, e: 568456.6 }, 'sv').replace(/\s/g, ' ')).toBe(
      'N 6 495 123  E 568 457',
    )
  })
})
