/**
 * `/api/sessions`: crisis sessions over HTTP. Creating, changing and inviting go
 * through the room (`SessionRooms`), so they take their seq and reach the room's sockets like any
 * change; every write and every export is in the audit log. A session the caller may not see
 * answers 404, like one that does not exist.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ParticipantInvite, SessionCreate, SessionUpdate, SnapshotCreate } from '../../common/crisis.ts'
import { Capability, mayExport } from '../../common/permissions.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type AppEnv, accessOf, requireCapability } from '../http/access.ts'
import { HttpError } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { ExportLanguage, exportMarking } from '../layers/export-format.ts'
import { buildSessionReport } from './report-data.ts'
import { renderSessionReportPdf } from './report-pdf.ts'
import {
  sessionFor,
  sessionSeenBy,
  sessionSummary,
  sessionView,
  visibleSessionRows,
} from './session-access.ts'
import type { SessionRooms } from './session-room.ts'
import { historyOf, historySeenBy, pictureAt, snapshotsOf } from './session-state.ts'

const Params = z.object({ id: z.uuid('session ids are UUIDs') })
const ParticipantParams = Params.extend({ participantId: z.uuid('participant ids are UUIDs') })

/** A seq in a query string: digits only, so `0x10` or `1e3` are not read as numbers. */
const SeqParameter = z
  .string()
  .regex(/^\d{1,15}$/, 'seq is a whole number')
  .transform(Number)
  .optional()

const ExportQuery = z
  .object({
    format: z.literal('geojson').default('geojson'),
    seq: SeqParameter,
    lang: ExportLanguage.default('sv'),
  })
  .strict()
const ReportQuery = z
  .object({ lang: z.enum(['sv', 'en']).default('sv'), seq: SeqParameter, snapshot: z.uuid().optional() })
  .strict()

const mayCreateFirst: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireCapability(accessOf(c), Capability.createCrisisSession)
  await next()
}

export function crisisSessionRoutes(rooms: SessionRooms, config: { kommun: string }) {
  const { db } = rooms

  /** The session's detail with the caller's rights, after a change. */
  const detailFor = async (access: ReturnType<typeof accessOf>, id: string) => {
    const { session, rights } = await sessionFor(db.orm, access, id)
    return { ...sessionSeenBy(access, await sessionView(db.orm, session)), rights }
  }

  /** The seq to show: the room's own unless an earlier one (or a snapshot's) is asked for. */
  const chosenSeq = (requested: number | undefined, current: number): number => {
    if (requested === undefined) return current
    if (requested > current)
      throw new HttpError(
        400,
        'validation_failed',
        `The session has reached seq ${current}; seq ${requested} is ahead of it`,
        {
          path: 'seq',
        },
      )
    return requested
  }

  /** Exports follow the layers' rule: the viewer takes out open documents only. */
  const requireExport = (
    access: ReturnType<typeof accessOf>,
    classification: Parameters<typeof mayExport>[1]['classification'],
  ) => {
    if (!mayExport(access.role, { group: 'crisis', classification }))
      throw new HttpError(
        403,
        'forbidden',
        `The role ${access.role} may not export a session marked ${classification}`,
      )
  }

  return (
    new Hono<AppEnv>()
      .get('/', async (c) => {
        const rows = await visibleSessionRows(db.orm, accessOf(c))
        return c.json({ sessions: rows.map(sessionSummary) })
      })
      // Note: the right to open sessions is checked before the body, so a role without it gets 403 whatever it sends.
      .post('/', mayCreateFirst, validate('json', SessionCreate), async (c) => {
        const session = await rooms.createSession(accessOf(c), c.req.valid('json'))
        return c.json({ session }, 201)
      })
      .get('/:id', validate('param', Params), async (c) => {
        return c.json({ session: await detailFor(accessOf(c), c.req.valid('param').id) })
      })
      .patch('/:id', validate('param', Params), validate('json', SessionUpdate), async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        await rooms.updateSession(access, id, c.req.valid('json'))
        return c.json({ session: await detailFor(access, id) })
      })
      .post(
        '/:id/participants',
        validate('param', Params),
        validate('json', ParticipantInvite),
        async (c) => {
          const access = accessOf(c)
          const { id } = c.req.valid('param')
          const { value } = await rooms.inviteParticipant(access, id, c.req.valid('json'))
          return c.json({ participant: value.participant, session: await detailFor(access, id) }, 201)
        },
      )
      .delete('/:id/participants/:participantId', validate('param', ParticipantParams), async (c) => {
        const { id, participantId } = c.req.valid('param')
        await rooms.removeParticipant(accessOf(c), id, participantId)
        return c.body(null, 204)
      })
      .get('/:id/history', validate('param', Params), async (c) => {
        const { id } = c.req.valid('param')
        await sessionFor(db.orm, accessOf(c), id)
        return c.json({ history: await historySeenBy(db.orm, accessOf(c), await historyOf(db.orm, id)) })
      })
      .get('/:id/snapshots', validate('param', Params), async (c) => {
        const { id } = c.req.valid('param')
        await sessionFor(db.orm, accessOf(c), id)
        return c.json({ snapshots: await snapshotsOf(db.orm, id) })
      })
      .post('/:id/snapshots', validate('param', Params), validate('json', SnapshotCreate), async (c) => {
        const snapshot = await rooms.createSnapshot(
          accessOf(c),
          c.req.valid('param').id,
          c.req.valid('json').name,
        )
        return c.json({ snapshot }, 201)
      })
      .get('/:id/export', validate('param', Params), validate('query', ExportQuery), async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const { session } = await sessionFor(db.orm, access, id)
        requireExport(access, session.classification)
        const query = c.req.valid('query')
        const seq = chosenSeq(query.seq, session.seq)
        const { annotations } = await pictureAt(db.orm, id, seq, session.seq)
        const marking = exportMarking(access, session.classification, query.lang)
        await appendAudit(db.orm, {
          actor: access.username,
          action: AuditAction.export,
          entity: 'crisis_session',
          entityId: id,
          details: { format: 'geojson', seq, count: annotations.length, title: session.title, ...marking },
        })
        const stamp = marking.exportedAt.slice(0, 19).replace(/[:T]/g, '-')
        c.header(
          'Content-Disposition',
          `attachment; filename="session-${id.slice(0, 8)}-${marking.classification}-${stamp}.geojson"`,
        )
        c.header('X-Classification', session.classification)
        c.header('Content-Type', 'application/geo+json; charset=utf-8')
        return c.body(
          JSON.stringify({
            type: 'FeatureCollection',
            ...marking,
            lagesbild: {
              ...marking,
              sessionId: id,
              title: session.title,
              seq,
              escalationLevel: session.escalationLevel,
            },
            features: annotations.map((a) => ({
              type: 'Feature',
              id: a.id,
              geometry: a.geometry,
              properties: {
                ...a.properties,
                kind: a.kind,
                version: a.version,
                createdBy: a.createdBy,
                createdAt: a.createdAt,
                updatedBy: a.updatedBy,
                updatedAt: a.updatedAt,
              },
            })),
          }),
        )
      })
      .get('/:id/report.pdf', validate('param', Params), validate('query', ReportQuery), async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const query = c.req.valid('query')
        const { session, rights } = await sessionFor(db.orm, access, id)
        requireExport(access, session.classification)
        const snapshots = await snapshotsOf(db.orm, id)
        const named = query.snapshot ? snapshots.find((s) => s.id === query.snapshot) : undefined
        if (query.snapshot && !named)
          throw new HttpError(404, 'not_found', `No snapshot ${query.snapshot} in this session`)
        const seq = chosenSeq(named?.seq ?? query.seq, session.seq)
        const report = await buildSessionReport(db.orm, {
          access,
          session,
          rights,
          seq,
          snapshot: named ?? snapshots.find((s) => s.seq === seq) ?? null,
          escalationLevels: rooms.escalationLevels,
          kommun: config.kommun,
        })
        // Note: the report also names the invited organisations, so it is as classified as they are.
        requireExport(access, report.classification)
        const pdf = await renderSessionReportPdf(report, { lang: query.lang })
        await appendAudit(db.orm, {
          actor: access.username,
          action: AuditAction.export,
          entity: 'crisis_session',
          entityId: id,
          details: {
            format: 'pdf',
            seq,
            count: report.annotations.length,
            title: session.title,
            ...exportMarking(access, report.classification, query.lang),
          },
        })
        c.header('Content-Type', 'application/pdf')
        c.header('Content-Disposition', `inline; filename="lagesrapport-${id.slice(0, 8)}-seq${seq}.pdf"`)
        c.header('X-Classification', report.classification)
        return c.body(pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer)
      })
  )
}
