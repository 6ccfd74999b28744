/**
 * The permission matrix: what each role may read, edit, export and open. The server enforces it
 * (every route asks `server/http/access.ts`, which asks this file) and the client reads the same
 * table to hide controls a user may not use. The README prints it as a table.
 *
 * Need-to-know (*behov av att veta*) is per theme: police officers see the police's own incident
 * points but not the municipality's Styrel priorities; planners see hazard zones but not the
 * confidential details of the risk and vulnerability analysis (RSA, OSL 18 kap. 13 §).
 */
import type { Classification, Role } from './domain.ts'
import { isLayerId, type LayerGroup, type LayerId, type LayerInfo, layerIds } from './layers.ts'

const levels: readonly Classification[] = ['open', 'internal', 'restricted']

/** The most classified level each role may read, per theme. */
export const readClearance: Record<Role, Record<LayerGroup, Classification>> = {
  // Note: the administrator can give any account any role, so withholding data from that role
  // would only be for show; what an administrator does is traceable in the audit log instead.
  admin: {
    actors: 'restricted',
    infrastructure: 'restricted',
    hazards: 'restricted',
    crime: 'restricted',
    crisis: 'restricted',
  },
  crisis: {
    actors: 'restricted',
    infrastructure: 'restricted',
    hazards: 'restricted',
    crime: 'restricted',
    crisis: 'restricted',
  },
  analyst: {
    actors: 'restricted',
    infrastructure: 'restricted',
    hazards: 'restricted',
    crime: 'restricted',
    crisis: 'restricted',
  },
  police: {
    actors: 'internal',
    infrastructure: 'internal',
    hazards: 'internal',
    crime: 'restricted',
    crisis: 'internal',
  },
  planner: {
    actors: 'internal',
    infrastructure: 'internal',
    hazards: 'internal',
    crime: 'internal',
    crisis: 'internal',
  },
  viewer: {
    actors: 'internal',
    infrastructure: 'internal',
    hazards: 'internal',
    crime: 'internal',
    crisis: 'internal',
  },
}

/** The classifications a role may read in a theme, lowest first. */
export function clearanceIn(role: Role, group: LayerGroup): Classification[] {
  return levels.slice(0, levels.indexOf(readClearance[role][group]) + 1)
}

export function mayRead(role: Role, group: LayerGroup, classification: Classification): boolean {
  return levels.indexOf(classification) <= levels.indexOf(readClearance[role][group])
}

/** Whether a role may see a layer at all: the layer's own classification is its floor. */
export const mayReadLayer = (role: Role, layer: Pick<LayerInfo, 'group' | 'classification'>) =>
  mayRead(role, layer.group, layer.classification)

/**
 * Which roles may create, change and delete objects in each layer through the features API. Crisis
 * annotations and planning assessments are written through their sessions and assessments, whose
 * rights are capabilities below; boundaries, statistics and derived layers are not edited by hand.
 */
export const layerEditors = {
  municipality: [],
  districts: [],
  'police-areas': [],
  'rescue-districts': [],
  actors: ['admin', 'crisis', 'analyst'],
  'responsibility-areas': [],
  'actor-links': [],
  'critical-assets': ['crisis', 'analyst'],
  dependencies: [],
  roads: [],
  'hazardous-goods-routes': [],
  'flood-zones': ['analyst'],
  'hazard-zones': ['analyst'],
  'hazard-sites': ['analyst'],
  'rsa-risks': ['analyst'],
  'planning-assessments': [],
  incidents: ['police', 'analyst'],
  'incident-hexagons': [],
  'crime-statistics': [],
  'safety-survey': [],
  // Note: the council's analyst and the police draw up the plan together (Brå's EST method).
  'action-measures': ['analyst', 'police'],
  'crisis-sessions': [],
  'crisis-annotations': [],
} as const satisfies Record<LayerId, readonly Role[]>

export const mayEditLayer = (role: Role, layerId: string): boolean =>
  isLayerId(layerId) && (layerEditors[layerId] as readonly Role[]).includes(role)

/** The layers a role may edit through the features API. */
export const editableLayers = (role: Role): LayerId[] => layerIds.filter((id) => mayEditLayer(role, id))

/**
 * Exports: every role but the viewer may export what it may read; the viewer exports open layers
 * only, since an internal document leaving the system should be taken out by someone answerable for it.
 */
export function mayExport(role: Role, layer: Pick<LayerInfo, 'group' | 'classification'>): boolean {
  if (!mayReadLayer(role, layer)) return false
  return role !== 'viewer' || layer.classification === 'open'
}

/** Capabilities that are not about one layer. */
export const Capability = {
  manageUsers: 'manageUsers',
  readAudit: 'readAudit',
  hotspotAnalysis: 'hotspotAnalysis',
  cascadeAnalysis: 'cascadeAnalysis',
  planningReport: 'planningReport',
  createCrisisSession: 'createCrisisSession',
  drawInCrisisSession: 'drawInCrisisSession',
  /** Enter a county's own adopted planning rules (distances, levels) with their source. */
  managePlanningRules: 'managePlanningRules',
  /** Follow up reported incidents: assign a responsible person, move the status, link RSA risks. */
  followUpIncidents: 'followUpIncidents',
  /** Set the municipality's own likelihood and consequence scales of the RSA. */
  manageRsaScales: 'manageRsaScales',
} as const
export type Capability = (typeof Capability)[keyof typeof Capability]

export const capabilities: Record<Role, readonly Capability[]> = {
  admin: [
    'manageUsers',
    'readAudit',
    'managePlanningRules',
    'createCrisisSession',
    'drawInCrisisSession',
    'followUpIncidents',
    'manageRsaScales',
  ],
  crisis: [
    'followUpIncidents',
    'hotspotAnalysis',
    'cascadeAnalysis',
    'planningReport',
    'createCrisisSession',
    'drawInCrisisSession',
  ],
  analyst: [
    'hotspotAnalysis',
    'cascadeAnalysis',
    'planningReport',
    'drawInCrisisSession',
    'followUpIncidents',
  ],
  police: ['hotspotAnalysis', 'drawInCrisisSession'],
  planner: ['planningReport', 'drawInCrisisSession'],
  viewer: [],
}

export const may = (role: Role, capability: Capability): boolean => capabilities[role].includes(capability)

/** The more classified of two levels: an export or a report is as classified as its most classified part. */
export function higherClassification(a: Classification, b: Classification): Classification {
  return levels.indexOf(a) >= levels.indexOf(b) ? a : b
}
