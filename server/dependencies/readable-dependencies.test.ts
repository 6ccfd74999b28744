/** The chains' walk over a hand-built graph: transitive, each edge once, cycles end. */
import { describe, expect, it } from 'vitest'
import type { DependencyView } from '../../common/dependencies.ts'
import { walkChains } from './readable-dependencies.ts'

const edge = (id: string, dependent: string, provider: string): DependencyView => ({
  id,
  dependentAssetId: dependent,
  providerAssetId: provider,
  resource: 'electricity',
  redundancyGroup: 'electricity',
  timeToImpactHours: 0,
  backupHours: 0,
  dependentName: dependent,
  providerName: provider,
  dependentPosition: [0, 0],
  providerPosition: [0, 0],
  classification: 'internal',
})

// Care home C needs water works W, W needs substation S, S and telecom exchange T need each other;
// hospital H needs S directly.
const graph = [
  edge('cw', 'C', 'W'),
  edge('ws', 'W', 'S'),
  edge('st', 'S', 'T'),
  edge('ts', 'T', 'S'),
  edge('hs', 'H', 'S'),
]
const ids = (edges: { id: string; depth: number }[]) => edges.map((e) => `${e.id}@${e.depth}`)

describe('walkChains', () => {
  it('walks upstream through providers, stopping where the cycle returns', () => {
    expect(ids(walkChains(graph, 'C').upstream)).toEqual(['cw@1', 'ws@2', 'st@3', 'ts@4'])
    expect(walkChains(graph, 'C').downstream).toEqual([])
  })

  it('walks downstream through dependents, each edge once at its first depth', () => {
    expect(ids(walkChains(graph, 'S').downstream).sort()).toEqual(['cw@2', 'hs@1', 'st@2', 'ts@1', 'ws@1'])
    expect(ids(walkChains(graph, 'S').upstream)).toEqual(['st@1', 'ts@2'])
  })

  it('gives nothing for an asset without edges', () => {
    expect(walkChains(graph, 'X')).toEqual({ upstream: [], downstream: [] })
  })
})
