/**
 * Bad input to the council's routes: unknown categories, weekdays and hours out of range, times
 * that are no times or run backwards, unknown parameters, district ids that are no ids or name no
 * district, and injection in every parameter. Each is a 400 (404 for a district that is not there)
 * in the contract's shape, and nothing stored changes.
 */
import { UNUSED_UUID } from '../testing/app-routes.ts'
import { type BadInput, badInputHarness, badInputTable, script, sqlInjection } from '../testing/bad-input.ts'

const h = badInputHarness()
const counts = (query: string, as: BadInput['as'] = 'analytiker'): Pick<BadInput, 'as' | 'path'> => ({
  as,
  path: `/api/council/incidents?${query}`,
})
const trends = (query: string, as: BadInput['as'] = 'polis'): Pick<BadInput, 'as' | 'path'> => ({
  as,
  path: `/api/council/trends?${query}`,
})

badInputTable(h, 'council counts, trends and surveys', [
  { name: 'no session', path: '/api/council/incidents', status: 401 },
  { name: 'unknown category', ...counts('category=mord'), status: 400, message: /category/ },
  { name: 'unknown category for the viewer', ...counts('category=mord', 'lasare'), status: 400 },
  { name: 'category with SQL', ...counts(`category=${encodeURIComponent(sqlInjection)}`), status: 400 },
  { name: 'category with markup', ...counts(`category=${encodeURIComponent(script)}`), status: 400 },
  { name: 'weekday 0', ...counts('weekday=0'), status: 400, message: /weekdays run from 1/ },
  { name: 'weekday 8', ...counts('weekday=8'), status: 400 },
  { name: 'weekday a word', ...counts('weekday=monday'), status: 400 },
  { name: 'hour 24', ...counts('hour=24'), status: 400, message: /hours run to 23/ },
  { name: 'hour negative', ...counts('hour=-1'), status: 400 },
  { name: 'hour empty in a list', ...counts('hour=1,,2'), status: 400 },
  { name: 'from not a date', ...counts('from=yesterday'), status: 400, message: /from/ },
  { name: 'from 30 February', ...counts('from=2026-02-30'), status: 400 },
  { name: 'year 0', ...counts('from=0000-01-01'), status: 400 },
  { name: 'window backwards', ...counts('from=2026-03-01&to=2026-02-01'), status: 400, message: /before/ },
  { name: 'unknown parameter', ...counts('bbox=1,2,3,4'), status: 400 },
  { name: 'too long a category list', ...counts(`category=${'assault,'.repeat(300)}assault`), status: 400 },
  { name: 'district not a uuid', ...trends('district=centrum'), status: 400, message: /district/ },
  { name: 'district with SQL', ...trends(`district=${encodeURIComponent(sqlInjection)}`), status: 400 },
  { name: 'district that is not there', ...trends(`district=${UNUSED_UUID}`), status: 404 },
  {
    name: 'district that is not there, as viewer',
    ...trends(`district=${UNUSED_UUID}`, 'lasare'),
    status: 404,
  },
  { name: 'trend category unknown', ...trends('category=x'), status: 400 },
  { name: 'surveys with a parameter', as: 'lasare', path: '/api/council/surveys?year=2024', status: 400 },
  {
    name: 'writing to the counts',
    as: 'analytiker',
    method: 'POST',
    path: '/api/council/incidents',
    status: 404,
  },
])
