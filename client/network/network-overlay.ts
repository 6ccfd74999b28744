/**
 * The network views drawn over the map with deck.gl: the actor links as directed arcs (pale at the
 * actor a link starts from, strong where it arrives), the selected actor's neighbourhood bright and
 * the rest dimmed; and one critical asset's dependency chains, upstream and downstream, as arcs from
 * provider to dependent coloured by resource. A plain object over the MapLibre map that React
 * mounts once and talks to through `showNetwork` and `showChains`.
 */
import { ArcLayer, ScatterplotLayer } from '@deck.gl/layers'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { ActorLinkType } from '../../common/actor-register.ts'
import type { DependencyChains } from '../../common/dependencies.ts'
import type { ActorType, Resource } from '../../common/domain.ts'
import { actorLinkColours, actorTypeColours, highlightColour, resourceColours } from '../layers/palette.ts'

type Position = [number, number]
type Rgba = [number, number, number, number]

export interface NetworkArc {
  id: string
  linkType: ActorLinkType
  fromActorId: string
  toActorId: string
  from: Position
  to: Position
}

export interface NetworkNode {
  id: string
  actorType: ActorType
  position: Position
}

export interface NetworkPicture {
  arcs: readonly NetworkArc[]
  nodes: readonly NetworkNode[]
  /** The actor whose neighbourhood is bright; null: every arc at full strength. */
  selectedActorId: string | null
}

/** What is drawn now, for the browser tests. */
export interface OverlayState {
  arcs: number
  brightArcs: number
  chainEdges: number
}

declare global {
  interface Window {
    /** Test hook for the browser tests: what the network overlay draws. */
    __lagesbildNetwork?: { state: () => OverlayState }
  }
}

const rgba = (hex: string, alpha = 255): Rgba => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
  alpha,
]

const DIMMED = 28
/** An arc starts pale and ends strong, so its direction reads without arrowheads. */
const START_ALPHA = 70

/** The links touching `actorId`, and the actors at their other ends. */
export function neighbourhood(
  arcs: readonly NetworkArc[],
  actorId: string,
): { links: Set<string>; actors: Set<string> } {
  const links = new Set<string>()
  const actors = new Set<string>([actorId])
  for (const arc of arcs)
    if (arc.fromActorId === actorId || arc.toActorId === actorId) {
      links.add(arc.id)
      actors.add(arc.fromActorId)
      actors.add(arc.toActorId)
    }
  return { links, actors }
}

type ChainEdge = DependencyChains['upstream'][number] & { direction: 'upstream' | 'downstream' }

export class NetworkOverlay {
  private readonly overlay = new MapboxOverlay({ interleaved: false, layers: [] })
  private network: NetworkPicture | null = null
  private chains: DependencyChains | null = null

  constructor(private readonly map: MapLibreMap) {
    map.addControl(this.overlay)
    window.__lagesbildNetwork = { state: () => this.state() }
  }

  showNetwork(picture: NetworkPicture | null): void {
    this.network = picture
    this.render()
  }

  showChains(chains: DependencyChains | null): void {
    this.chains = chains
    this.render()
  }

  destroy(): void {
    this.map.removeControl(this.overlay)
    this.overlay.finalize()
    window.__lagesbildNetwork = undefined
  }

  private state(): OverlayState {
    const picture = this.network
    const near = picture?.selectedActorId ? neighbourhood(picture.arcs, picture.selectedActorId) : null
    return {
      arcs: picture?.arcs.length ?? 0,
      brightArcs: picture ? picture.arcs.filter((a) => !near || near.links.has(a.id)).length : 0,
      chainEdges: this.chains ? this.chains.upstream.length + this.chains.downstream.length : 0,
    }
  }

  private render(): void {
    this.overlay.setProps({ layers: [...this.networkLayers(), ...this.chainLayers()] })
  }

  private networkLayers() {
    const picture = this.network
    if (!picture) return []
    const near = picture.selectedActorId ? neighbourhood(picture.arcs, picture.selectedActorId) : null
    const arcAlpha = (arc: NetworkArc, alpha: number) => (!near || near.links.has(arc.id) ? alpha : DIMMED)
    const nodeAlpha = (node: NetworkNode) => (!near || near.actors.has(node.id) ? 255 : 60)
    const key = `${picture.selectedActorId ?? ''}|${picture.arcs.length}`
    return [
      new ArcLayer<NetworkArc>({
        id: 'actor-network-arcs',
        data: picture.arcs,
        getSourcePosition: (a) => a.from,
        getTargetPosition: (a) => a.to,
        getSourceColor: (a) => rgba(actorLinkColours[a.linkType], arcAlpha(a, START_ALPHA)),
        getTargetColor: (a) => rgba(actorLinkColours[a.linkType], arcAlpha(a, 240)),
        getWidth: (a) => (near?.links.has(a.id) ? 4 : 2),
        getHeight: 0.4,
        widthUnits: 'pixels',
        updateTriggers: { getSourceColor: key, getTargetColor: key, getWidth: key },
      }),
      new ScatterplotLayer<NetworkNode>({
        id: 'actor-network-nodes',
        data: picture.nodes,
        getPosition: (n) => n.position,
        getFillColor: (n) => rgba(actorTypeColours[n.actorType], nodeAlpha(n)),
        getLineColor: (n) =>
          n.id === picture.selectedActorId ? rgba(highlightColour) : [255, 255, 255, nodeAlpha(n)],
        getRadius: (n) => (n.id === picture.selectedActorId ? 9 : 5),
        lineWidthMinPixels: 1.5,
        stroked: true,
        radiusUnits: 'pixels',
        updateTriggers: { getFillColor: key, getLineColor: key, getRadius: key },
      }),
    ]
  }

  private chainLayers() {
    const chains = this.chains
    if (!chains) return []
    const edges: ChainEdge[] = [
      ...chains.upstream.map((e) => ({ ...e, direction: 'upstream' as const })),
      ...chains.downstream.map((e) => ({ ...e, direction: 'downstream' as const })),
    ]
    const ends = new Map<string, Position>()
    for (const e of edges) {
      ends.set(e.providerAssetId, e.providerPosition)
      ends.set(e.dependentAssetId, e.dependentPosition)
    }
    const colour = (e: ChainEdge, alpha: number) =>
      rgba(resourceColours[e.resource as Resource] ?? '#5c677d', alpha)
    return [
      new ArcLayer<ChainEdge>({
        id: 'dependency-chains',
        data: edges,
        getSourcePosition: (e) => e.providerPosition,
        getTargetPosition: (e) => e.dependentPosition,
        getSourceColor: (e) => colour(e, START_ALPHA),
        getTargetColor: (e) => colour(e, 250),
        // Note: the nearer an edge is to the chosen asset, the wider it is drawn.
        getWidth: (e) => Math.max(2, 6 - e.depth),
        getHeight: 0.3,
        widthUnits: 'pixels',
      }),
      new ScatterplotLayer<[string, Position]>({
        id: 'dependency-chain-assets',
        data: [...ends.entries()],
        getPosition: ([, p]) => p,
        getFillColor: ([id]) => (id === chains.assetId ? rgba(highlightColour) : [255, 255, 255, 255]),
        getLineColor: [21, 52, 90, 255],
        getRadius: ([id]) => (id === chains.assetId ? 8 : 4),
        lineWidthMinPixels: 1.5,
        stroked: true,
        radiusUnits: 'pixels',
      }),
    ]
  }
}
