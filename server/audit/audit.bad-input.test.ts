/**
 * Bad input to the audit log's routes: NUL, SQL injection, pages out of range, times that are no
 * times, and roles that may not read it. The harness (`server/testing/bad-input.ts`) answers each
 * row in the contract's shape and checks that nothing stored changed.
 */
import { type BadInput, badInputHarness, badInputTable, sqlInjection } from '../testing/bad-input.ts'

const h = badInputHarness()

const rows: BadInput[] = [
  { name: 'NUL in an audit filter', as: 'admin', path: '/api/audit?actor=adm%00in', status: 400 },
  {
    name: 'SQL injection in an audit action',
    as: 'admin',
    path: `/api/audit?action=${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  {
    name: 'SQL injection in an audit time',
    as: 'admin',
    path: `/api/audit?from=${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  {
    name: 'SQL injection in an audit limit',
    as: 'admin',
    path: '/api/audit?limit=1;DELETE%20FROM%20audit_log',
    status: 400,
  },
  {
    name: 'analyst reads the audit log',
    as: 'analytiker',
    path: '/api/audit',
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'viewer exports the audit log',
    as: 'lasare',
    path: '/api/audit/export',
    status: 403,
    code: 'forbidden',
  },
  { name: 'audit page of zero', as: 'admin', path: '/api/audit?limit=0', status: 400 },
  { name: 'audit page too long', as: 'admin', path: '/api/audit?limit=100000', status: 400 },
  { name: 'negative audit offset', as: 'admin', path: '/api/audit?offset=-1', status: 400 },
  {
    name: 'audit time without a zone',
    as: 'admin',
    path: '/api/audit?from=2024-01-01T00:00:00',
    status: 400,
  },
  {
    name: 'year zero in an audit filter',
    as: 'admin',
    path: '/api/audit?from=0000-01-01T00:00:00Z',
    status: 400,
  },
  {
    name: 'year zero in an audit export',
    as: 'admin',
    path: '/api/audit/export?format=json&to=0000-06-01T00:00:00Z',
    status: 400,
  },
  {
    name: 'audit date that does not exist',
    as: 'admin',
    path: '/api/audit?from=2023-02-29T00:00:00Z',
    status: 400,
  },
]

badInputTable(h, 'bad input to the audit log gets a 4xx in the contract shape and changes nothing', rows)
