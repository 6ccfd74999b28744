/**
 * Bad input in tile addresses: SQL injection, traversal, NUL, numbers out of range and filter
 * times that are no times. The harness (`server/testing/bad-input.ts`) answers each row in the
 * contract's shape and checks that nothing stored changed.
 */
import { type BadInput, badInputHarness, badInputTable, sqlInjection } from '../testing/bad-input.ts'

const tile = (address: string) => ({ as: 'krisledare' as const, path: `/tiles/${address}` })

const h = badInputHarness()

const rows: BadInput[] = [
  {
    name: 'SQL injection in a tile layer',
    as: 'krisledare',
    path: `/tiles/${encodeURIComponent(sqlInjection)}/10/553/300.mvt`,
    status: 404,
  },
  {
    name: 'SQL injection in a tile zoom',
    ...tile(`incidents/${encodeURIComponent('10;DROP TABLE incidents')}/553/300.mvt`),
    status: 400,
  },
  { name: 'traversal in a tile layer', ...tile('..%2F..%2Fetc%2Fpasswd/10/553/300.mvt'), status: 404 },
  { name: 'traversal in a tile name', ...tile('incidents/10/553/..%2F..%2F300.mvt'), status: 400 },
  { name: 'backslash traversal in a tile layer', ...tile('..%5C..%5Cwindows/10/553/300.mvt'), status: 404 },
  { name: 'NUL-terminated tile name', ...tile('basemap/10/553/300.mvt%00.png'), status: 400 },
  { name: 'zoom beyond 22', ...tile('incidents/99/0/0.mvt'), status: 400 },
  { name: 'negative tile column', ...tile('incidents/10/-5/300.mvt'), status: 400 },
  { name: 'tile column beyond 2^z', ...tile('incidents/10/1024/300.mvt'), status: 400 },
  { name: 'tile row beyond 2^z', ...tile('incidents/3/0/8.mvt'), status: 400 },
  { name: 'NaN tile row', ...tile('incidents/10/553/NaN.mvt'), status: 400 },
  { name: 'exponent as a zoom', ...tile('incidents/1e1/553/300.mvt'), status: 400 },
  { name: 'huge tile column', ...tile('incidents/22/99999999999/0.mvt'), status: 400 },
  { name: 'tile filter time that is no time', ...tile('incidents/10/553/300.mvt?from=soon'), status: 400 },
]

badInputTable(h, 'bad input in tile addresses gets a 4xx in the contract shape and changes nothing', rows)
