/**
 * The whole domain of Lägesbild in one drizzle schema, shared by PGlite and PostgreSQL.
 *
 * Every table users edit carries a classification (need-to-know) and who/when columns; every write
 * also appends to `audit_log`. Geometries are WGS 84 (EPSG:4326) with GiST indexes; distances and
 * areas are computed in SWEREF 99 TM (EPSG:3006) with ST_Transform at query time.
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { geometry } from './geometry.ts'

/** `open`, `internal` or `restricted` (need-to-know), checked in the database too. */
const classification = () => text('classification').notNull().default('internal')

/** Who created and last changed a row, and when: traceability (spårbarhet). */
const tracked = () => ({
  classification: classification(),
  createdBy: text('created_by').notNull().default('system'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull().default('system'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

const id = () => uuid('id').primaryKey().defaultRandom()

/**
 * Administrative and analytical areas: the municipality, its districts (delområden), police areas
 * (lokalpolisområden), rescue districts and survey areas.
 */
export const areas = pgTable(
  'areas',
  {
    id: id(),
    kind: text('kind').notNull(), // municipality | district | police_area | rescue_district | survey_area
    code: text('code').notNull(),
    name: text('name').notNull(),
    population: integer('population'),
    properties: jsonb('properties').notNull().default({}),
    geom: geometry('geom', 'MultiPolygon').notNull(),
    ...tracked(),
  },
  (t) => [
    uniqueIndex('areas_kind_code_key').on(t.kind, t.code),
    index('areas_geom_idx').using('gist', t.geom),
  ],
)

/** An actor in the municipality's network under its geographic area responsibility. */
export const actors = pgTable(
  'actors',
  {
    id: id(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    actorType: text('actor_type').notNull(), // municipal_department | municipal_company | police | rescue | region | county_board | utility | telecom | company | volunteer | other
    sector: text('sector'),
    description: text('description'),
    address: text('address'),
    /** Contacts: [{ name, role, phone, email }] */
    contacts: jsonb('contacts').notNull().default([]),
    /** The on-call function (TIB, tjänsteperson i beredskap): { function, phone, email, hours } */
    onCall: jsonb('on_call'),
    geom: geometry('geom', 'Point'),
    ...tracked(),
  },
  (t) => [index('actors_geom_idx').using('gist', t.geom)],
)

/** A directed link between two actors: agreement, mutual aid, supply, reporting line. */
export const actorLinks = pgTable(
  'actor_links',
  {
    id: id(),
    fromActorId: uuid('from_actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    toActorId: uuid('to_actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    linkType: text('link_type').notNull(), // collaboration_agreement | mutual_aid | supply | reporting_line
    description: text('description'),
    ...tracked(),
  },
  (t) => [index('actor_links_from_idx').on(t.fromActorId), index('actor_links_to_idx').on(t.toActorId)],
)

/** Where an actor is responsible, and for what. */
export const actorAreas = pgTable(
  'actor_areas',
  {
    id: id(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
    responsibility: text('responsibility').notNull(),
    geom: geometry('geom', 'MultiPolygon').notNull(),
    ...tracked(),
  },
  (t) => [index('actor_areas_actor_idx').on(t.actorId), index('actor_areas_geom_idx').using('gist', t.geom)],
)

/** A critical asset (samhällsviktig verksamhet): a facility whose failure can cause a serious crisis. */
export const criticalAssets = pgTable(
  'critical_assets',
  {
    id: id(),
    name: text('name').notNull(),
    sector: text('sector').notNull(), // MSB sector id, see common/domain.ts
    function: text('function').notNull(),
    ownerActorId: uuid('owner_actor_id').references(() => actors.id, { onDelete: 'set null' }),
    /** Acceptabel avbrottstid: the longest outage before consequences become serious, hours. */
    acceptableOutageHours: real('acceptable_outage_hours'),
    backupPowerType: text('backup_power_type'), // none | diesel | battery | gas | mobile
    backupPowerHours: real('backup_power_hours'),
    residentsServed: integer('residents_served'),
    /** { elderlyCare?: n, hospitalBeds?: n, preschoolChildren?: n, ... } */
    vulnerableOccupants: jsonb('vulnerable_occupants').notNull().default({}),
    continuityPlanRef: text('continuity_plan_ref'),
    /** Styrel priority class 1-8 for electricity rationing (Förordning 2011:931). */
    styrelClass: smallint('styrel_class'),
    geom: geometry('geom', 'Point').notNull(),
    ...tracked(),
  },
  (t) => [
    index('critical_assets_geom_idx').using('gist', t.geom),
    index('critical_assets_sector_idx').on(t.sector),
  ],
)

/**
 * A directed dependency: `dependentAssetId` needs `resource` from `providerAssetId`. The dependent
 * fails only when every provider in the same redundancy group is down.
 */
export const assetDependencies = pgTable(
  'asset_dependencies',
  {
    id: id(),
    dependentAssetId: uuid('dependent_asset_id')
      .notNull()
      .references(() => criticalAssets.id, { onDelete: 'cascade' }),
    providerAssetId: uuid('provider_asset_id')
      .notNull()
      .references(() => criticalAssets.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(), // electricity | water | heat | telecom | fuel | transport | staff
    redundancyGroup: text('redundancy_group').notNull(),
    timeToImpactHours: real('time_to_impact_hours').notNull().default(0),
    backupHours: real('backup_hours').notNull().default(0),
    ...tracked(),
  },
  (t) => [
    index('asset_dependencies_dependent_idx').on(t.dependentAssetId),
    index('asset_dependencies_provider_idx').on(t.providerAssetId),
  ],
)

/** The transport network: roads (with hazardous goods designation) and railways. */
export const transportLinks = pgTable(
  'transport_links',
  {
    id: id(),
    mode: text('mode').notNull(), // road | railway
    roadClass: text('road_class'), // motorway | trunk | primary | secondary | local
    name: text('name'),
    ref: text('ref'),
    /** Transportled för farligt gods: primary | secondary | null. */
    hazardousGoodsRoute: text('hazardous_goods_route'),
    geom: geometry('geom', 'LineString').notNull(),
    ...tracked(),
  },
  (t) => [index('transport_links_geom_idx').using('gist', t.geom)],
)

/** Point sources of hazard: Seveso sites, petrol stations and similar. */
export const hazardSites = pgTable(
  'hazard_sites',
  {
    id: id(),
    kind: text('kind').notNull(), // seveso_upper | seveso_lower | petrol_station | explosives_storage
    name: text('name').notNull(),
    operator: text('operator'),
    properties: jsonb('properties').notNull().default({}),
    geom: geometry('geom', 'Point').notNull(),
    ...tracked(),
  },
  (t) => [index('hazard_sites_geom_idx').using('gist', t.geom)],
)

/** Hazard zones: flood extents (100-year, 200-year, BHF), heat-sensitive areas, consultation zones. */
export const hazardZones = pgTable(
  'hazard_zones',
  {
    id: id(),
    kind: text('kind').notNull(), // flood_100 | flood_200 | flood_bhf | seveso_consultation | landslide
    name: text('name').notNull(),
    source: text('source'),
    /** Water level for flood zones, metres above RH 2000. */
    levelM: real('level_m'),
    properties: jsonb('properties').notNull().default({}),
    geom: geometry('geom', 'MultiPolygon').notNull(),
    ...tracked(),
  },
  (t) => [index('hazard_zones_geom_idx').using('gist', t.geom), index('hazard_zones_kind_idx').on(t.kind)],
)

/** Water bodies and other basemap features that are not part of another layer. */
export const basemapFeatures = pgTable(
  'basemap_features',
  {
    id: id(),
    layer: text('layer').notNull(), // water | waterway | place | landuse
    kind: text('kind').notNull(),
    name: text('name'),
    rank: smallint('rank').notNull().default(0),
    geom: geometry('geom', 'Geometry').notNull(),
    ...tracked(),
  },
  (t) => [
    index('basemap_features_geom_idx').using('gist', t.geom),
    index('basemap_features_layer_idx').on(t.layer),
  ],
)

/** A risk from the municipality's risk and vulnerability analysis (RSA, MSBFS 2015:5). */
export const rsaRisks = pgTable(
  'rsa_risks',
  {
    id: id(),
    title: text('title').notNull(),
    hazard: text('hazard').notNull(),
    description: text('description'),
    analysisYear: integer('analysis_year').notNull(),
    /** Likelihood 1-5 on the municipality's scale. */
    likelihood: smallint('likelihood').notNull(),
    /** Consequence 1-5 per protected value (skyddsvärde). */
    consequences: jsonb('consequences').notNull().default({}),
    vulnerabilities: text('vulnerabilities'),
    measures: text('measures'),
    ownerActorId: uuid('owner_actor_id').references(() => actors.id, { onDelete: 'set null' }),
    geom: geometry('geom', 'Geometry'),
    /** The RSA (one per term of office) the risk belongs to; null for risks entered on the map only. */
    versionId: uuid('version_id').references(() => rsaVersions.id, { onDelete: 'cascade' }),
    /**
     * The risk this one was copied from when a new term's RSA was started, or its own id: the thread
     * that lets two terms' registers be compared risk by risk.
     */
    lineageId: uuid('lineage_id'),
    /** How sure the judgement is, 1 (well founded) to 3 (very uncertain). */
    uncertainty: smallint('uncertainty'),
    /** Gaps in the ability to prevent or handle the event (brister i förmåga). */
    gaps: text('gaps'),
    criticalActivities: text('critical_activities'),
    /** The critical assets concerned: ids of `critical_assets`. */
    criticalAssetIds: jsonb('critical_asset_ids').notNull().default([]),
    ...tracked(),
  },
  (t) => [index('rsa_risks_geom_idx').using('gist', t.geom), index('rsa_risks_version_idx').on(t.versionId)],
)

/**
 * One risk and vulnerability analysis: the municipality makes one per term of office (mandatperiod),
 * due 31 October the year after the election. A new one starts as a copy of the last.
 */
export const rsaVersions = pgTable('rsa_versions', {
  id: id(),
  title: text('title').notNull(),
  /** The first and last year of the term of office, e.g. 2023 and 2026. */
  termStart: integer('term_start').notNull(),
  termEnd: integer('term_end').notNull(),
  copiedFromId: uuid('copied_from_id'),
  /** The report's sections 1–4 and 6 in prose: area, method, critical activities, dependencies. */
  sections: jsonb('sections').notNull().default({}),
  ...tracked(),
})

/** A measure decided or proposed against a risk (åtgärd): who owns it, by when, how far it has come. */
export const rsaMeasures = pgTable(
  'rsa_measures',
  {
    id: id(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => rsaRisks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    deadline: date('deadline'),
    status: text('status').notNull().default('proposed'), // proposed | decided | in_progress | done
    ...tracked(),
  },
  (t) => [index('rsa_measures_risk_idx').on(t.riskId)],
)

/**
 * The municipality's own scales for likelihood and consequence, one row per level; without rows the
 * reference scales of `data/rsa/scales.json` apply. Changed by administrators, audited.
 */
export const rsaScaleLevels = pgTable(
  'rsa_scale_levels',
  {
    scale: text('scale').notNull(), // likelihood | consequence
    level: smallint('level').notNull(),
    labelSv: text('label_sv').notNull(),
    labelEn: text('label_en').notNull(),
    descriptionSv: text('description_sv').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    updatedBy: text('updated_by').notNull().default('system'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scale, t.level] })],
)

/** An incident (oönskad händelse): a reported crime, accident, fire, IT incident and so on. */
export const incidents = pgTable(
  'incidents',
  {
    id: id(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    category: text('category').notNull(),
    categoryGroup: text('category_group').notNull(), // crime | accident | fire | municipal | it
    severity: smallint('severity').notNull().default(1),
    source: text('source').notNull(), // police | rescue | municipality
    reporter: text('reporter'),
    description: text('description'),
    followUp: text('follow_up'),
    /**
     * The follow-up of a report made in the app (received, investigating, measures_decided, closed);
     * null for incidents loaded from elsewhere (the police's points), which have no workflow here.
     */
    status: text('status'),
    /** The signed-in employee who reported it, and the person who follows it up. */
    reportedById: uuid('reported_by_id').references(() => users.id, { onDelete: 'set null' }),
    responsibleId: uuid('responsible_id').references(() => users.id, { onDelete: 'set null' }),
    injured: boolean('injured'),
    /** The address or place name the reporter gave or picked. */
    placeName: text('place_name'),
    geom: geometry('geom', 'Point').notNull(),
    /**
     * The point in SWEREF 99 TM (EPSG:3006), kept by the database: the generalised twin counts
     * incidents per hexagon in metres, and transforming 60,000 points per request took seconds.
     */
    sweref99X: doublePrecision('sweref99_x').generatedAlwaysAs(sql`ST_X(ST_Transform(geom, 3006))`),
    sweref99Y: doublePrecision('sweref99_y').generatedAlwaysAs(sql`ST_Y(ST_Transform(geom, 3006))`),
    ...tracked(),
  },
  (t) => [
    index('incidents_geom_idx').using('gist', t.geom),
    index('incidents_occurred_at_idx').on(t.occurredAt),
    index('incidents_category_idx').on(t.category),
    index('incidents_reported_by_idx').on(t.reportedById),
    index('incidents_responsible_idx').on(t.responsibleId),
  ],
)

/** The history of a reported incident: every status change, assignment, comment and link, by whom and when. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // reported | status | responsible | comment | risk_linked | risk_unlinked
    /** What changed: { from, to } of a status or responsible person, a comment's text, a risk's id. */
    detail: jsonb('detail').notNull().default({}),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId)],
)

/** "What happened" beside "what we feared": an incident tied to the RSA risks it bears on. */
export const incidentRiskLinks = pgTable(
  'incident_risk_links',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => rsaRisks.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.riskId] }),
    index('incident_risk_links_risk_idx').on(t.riskId),
  ],
)

/** Reported crime per area, month and category (anmälda brott). */
export const crimeStatistics = pgTable(
  'crime_statistics',
  {
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    month: date('month').notNull(),
    category: text('category').notNull(),
    count: integer('count').notNull(),
    source: text('source').notNull().default('demo'),
    ...tracked(),
  },
  (t) => [primaryKey({ columns: [t.areaId, t.month, t.category] })],
)

/** A safety-survey result (trygghetsmätning): survey x area x year x indicator. */
export const surveyResults = pgTable(
  'survey_results',
  {
    survey: text('survey').notNull(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    indicator: text('indicator').notNull(),
    value: doublePrecision('value').notNull(),
    respondents: integer('respondents').notNull(),
    ...tracked(),
  },
  (t) => [primaryKey({ columns: [t.survey, t.areaId, t.year, t.indicator] })],
)

/**
 * A measure of the crime prevention action plan (åtgärdsplan, Lag 2023:196), tied to a place and
 * followed up by the indicators it names (`common/action-plan.ts`).
 */
export const actionMeasures = pgTable(
  'action_measures',
  {
    id: id(),
    title: text('title').notNull(),
    problem: text('problem').notNull(),
    description: text('description'),
    ownerActorId: uuid('owner_actor_id').references(() => actors.id, { onDelete: 'set null' }),
    /** Partners by name: ["Polisen", "Fastighetsägare i centrum"]. */
    partners: jsonb('partners').notNull().default([]),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    status: text('status').notNull(), // planned | ongoing | completed | cancelled
    /** [{ kind: 'incidents', categories }, { kind: 'survey', indicator }] */
    indicators: jsonb('indicators').notNull().default([]),
    /** The district the place was taken from, when it was one. */
    areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
    geom: geometry('geom', 'MultiPolygon').notNull(),
    ...tracked(),
  },
  (t) => [
    index('action_measures_geom_idx').using('gist', t.geom),
    check('action_measures_period', sql`${t.endDate} IS NULL OR ${t.endDate} >= ${t.startDate}`),
    check('action_measures_status', sql`${t.status} IN ('planned', 'ongoing', 'completed', 'cancelled')`),
    check(
      'action_measures_classification_check',
      sql`${t.classification} IN ('open', 'internal', 'restricted')`,
    ),
  ],
)

/** A crisis session: one staff meeting or samverkanskonferens with its shared map. */
export const crisisSessions = pgTable('crisis_sessions', {
  id: id(),
  title: text('title').notNull(),
  eventType: text('event_type'),
  status: text('status').notNull().default('open'), // open | closed
  escalationLevel: text('escalation_level').notNull().default('normal'),
  /** The room's sequence number: every applied change gets the next one. */
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  agendaStep: text('agenda_step'),
  /** Whose view drives the followers; volatile in spirit, stored so every process knows it. */
  presenterId: uuid('presenter_id').references(() => users.id, { onDelete: 'set null' }),
  affectedArea: geometry('affected_area', 'Geometry'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  ...tracked(),
})

/** Who takes part in a crisis session, by user or by organisation. */
export const sessionParticipants = pgTable(
  'session_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => crisisSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => actors.id, { onDelete: 'cascade' }),
    role: text('role').notNull().default('participant'), // chair | participant | observer
    invitedBy: text('invited_by').notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('session_participants_session_idx').on(t.sessionId),
    uniqueIndex('session_participants_user_idx').on(t.sessionId, t.userId),
    uniqueIndex('session_participants_actor_idx').on(t.sessionId, t.actorId),
  ],
)

/** An annotation drawn in a crisis session. Deletion is a tombstone so reconnecting clients learn it. */
export const annotations = pgTable(
  'annotations',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => crisisSessions.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // point | line | polygon | circle | text
    properties: jsonb('properties').notNull().default({}),
    /** The room seq of the last change to this row. */
    version: bigint('version', { mode: 'number' }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    geom: geometry('geom', 'Geometry').notNull(),
    ...tracked(),
  },
  (t) => [
    index('annotations_session_version_idx').on(t.sessionId, t.version),
    index('annotations_geom_idx').using('gist', t.geom),
  ],
)

/** The session log: situation reports, decisions, tasks, coordination needs, escalation changes. */
export const sessionLog = pgTable(
  'session_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => crisisSessions.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // situation_report | decision | task | coordination_need | escalation | note
    entry: jsonb('entry').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    geom: geometry('geom', 'Point'),
    ...tracked(),
  },
  (t) => [index('session_log_session_version_idx').on(t.sessionId, t.version)],
)

/**
 * Every change applied to a session, in room sequence order: the idempotency record of `opId`s
 * (a retried push is acked, never applied twice) and the history that replay and snapshot
 * comparisons fold. Append-only, like the audit log.
 */
export const sessionChanges = pgTable(
  'session_changes',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => crisisSessions.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    opId: text('op_id').notNull(),
    /** What changed, as the wire shape `SessionChange` of `common/crisis.ts`. */
    change: jsonb('change').notNull(),
    appliedBy: text('applied_by').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.seq] }),
    uniqueIndex('session_changes_op_idx').on(t.sessionId, t.opId),
  ],
)

/** A named snapshot of a session's picture at a moment ("Stabsmöte 3, 14:00"). */
export const sessionSnapshots = pgTable('session_snapshots', {
  id: id(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => crisisSessions.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  ...tracked(),
})

/**
 * A planning rule stored as data (county, version, source, verified), never as a code constant:
 * the reference rules from `data/planning-rules/` and the counties' own adopted values, one of each
 * origin per county and rule key.
 */
export const planningRules = pgTable(
  'planning_rules',
  {
    id: id(),
    county: text('county').notNull(), // LnKod, or '*' for national
    ruleKey: text('rule_key').notNull(),
    version: text('version').notNull(),
    hazardKind: text('hazard_kind').notNull(),
    description: text('description').notNull(),
    descriptionEn: text('description_en').notNull().default(''),
    /** Rule parameters, e.g. { distanceM: 150, zones: {...} } */
    parameters: jsonb('parameters').notNull(),
    source: text('source').notNull(),
    verified: boolean('verified').notNull().default(false),
    /** `reference` (the shipped file, updated with it) or `county` (entered by an administrator, kept). */
    origin: text('origin').notNull().default('reference'),
    adoptedYear: integer('adopted_year'),
    ...tracked(),
  },
  (t) => [
    uniqueIndex('planning_rules_key_idx').on(t.county, t.ruleKey, t.origin),
    check('planning_rules_origin_check', sql`${t.origin} IN ('reference', 'county')`),
  ],
)

/**
 * A planner's assessment of a planned development against the hazard rules: its latest version
 * (the map layer draws it); every version, the latest included, is kept in
 * `planning_assessment_versions`.
 */
export const planningAssessments = pgTable(
  'planning_assessments',
  {
    id: id(),
    title: text('title').notNull(),
    /** Boverket land-use letters, e.g. ['B', 'S']. */
    landUses: jsonb('land_uses').notNull().default([]),
    report: jsonb('report'),
    geom: geometry('geom', 'Geometry').notNull(),
    /** The latest version's number, from 1. */
    version: integer('version').notNull().default(1),
    ...tracked(),
  },
  (t) => [index('planning_assessments_geom_idx').using('gist', t.geom)],
)

/**
 * One version of a planning assessment as the planner saved it: the plan, its sub-areas with their
 * land uses, and the findings as computed for the planner then (kept for the record; a reader gets
 * them computed afresh for what that reader may read). A revision adds a version; none is changed.
 */
export const planningAssessmentVersions = pgTable(
  'planning_assessment_versions',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => planningAssessments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    /** The request as validated (`PlanningAssessmentInput`). */
    input: jsonb('input').notNull(),
    county: text('county').notNull(),
    /** The findings as computed for the author when saved. */
    findings: jsonb('findings').notNull(),
    geom: geometry('geom', 'Geometry').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.version] })],
)

/** A person who signs in. Belongs to an actor (organisation). */
export const users = pgTable('users', {
  id: id(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(), // admin | crisis | analyst | police | planner | viewer
  actorId: uuid('actor_id').references(() => actors.id, { onDelete: 'set null' }),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdBy: text('created_by').notNull().default('system'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull().default('system'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A signed-in browser session. The cookie carries a random token; only its hash is stored. */
export const userSessions = pgTable(
  'user_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    userAgent: text('user_agent'),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
)

/** Append-only record of every write, login, export and change of rights. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(), // username, or 'system'
    action: text('action').notNull(), // create | update | delete | login | login_failed | export | rights
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    details: jsonb('details'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_entity_idx').on(t.entity, t.entityId)],
)

/** Small key/value facts about this installation (which municipality was seeded, and so on). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
})
