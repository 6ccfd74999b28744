/** The neighbourhood the network view brightens: the links touching an actor and their other ends. */
import { describe, expect, it } from 'vitest'
import { type NetworkArc, neighbourhood } from './network-overlay.ts'

const arc = (id: string, from: string, to: string): NetworkArc => ({
  id,
  linkType: 'mutual_aid',
  fromActorId: from,
  toActorId: to,
  from: [0, 0],
  to: [1, 1],
})

describe('neighbourhood', () => {
  const arcs = [arc('ab', 'A', 'B'), arc('ca', 'C', 'A'), arc('bc', 'B', 'C'), arc('de', 'D', 'E')]

  it('takes the links in both directions and the actors at their ends', () => {
    const near = neighbourhood(arcs, 'A')
    expect([...near.links].sort()).toEqual(['ab', 'ca'])
    expect([...near.actors].sort()).toEqual(['A', 'B', 'C'])
  })

  it('is the actor alone when it has no links', () => {
    expect(neighbourhood(arcs, 'X')).toEqual({ links: new Set(), actors: new Set(['X']) })
  })
})
