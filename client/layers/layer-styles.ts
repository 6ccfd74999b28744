/**
 * How each catalogue layer is drawn and explained: one `{style, legend}` per layer, written in its
 * theme's file under `styles/`. Every layer reads the vector-tile source named after its id (one
 * source-layer, also named after the id).
 */
import type { LayerId } from '../../common/layers.ts'
import { actorsStyles } from './styles/actors.ts'
import { crimeStyles } from './styles/crime.ts'
import { crisisStyles } from './styles/crisis.ts'
import { hazardsStyles } from './styles/hazards.ts'
import { infrastructureStyles } from './styles/infrastructure.ts'
import type {
  Choropleth,
  ChoroplethFacts,
  ClassLimits,
  LayerStyle,
  Legend,
  OverlayStyle,
} from './styles/style-kit.ts'

/** Every layer's style and legend: a layer without them does not compile. */
export const layerStyles = {
  ...actorsStyles,
  ...infrastructureStyles,
  ...hazardsStyles,
  ...crimeStyles,
  ...crisisStyles,
} satisfies Record<LayerId, LayerStyle>

const styleOf = (id: LayerId): LayerStyle => layerStyles[id]

/** The style of one catalogue layer. */
export const overlayStyle = (layer: { id: LayerId }, limits?: ClassLimits): OverlayStyle =>
  styleOf(layer.id).style(layer.id, limits)

/** The legend of one catalogue layer, matching `overlayStyle`. */
export const legendOf = (layer: { id: LayerId }, facts: ChoroplethFacts = {}): Legend =>
  styleOf(layer.id).legend(facts)

/** How a layer colours its areas by a value, when it is a choropleth. */
export const choroplethOf = (id: LayerId): Choropleth | undefined => styleOf(id).choropleth

/** Whether a layer names its areas from label points (see `labelSourceId`). */
export const hasLabelPoints = (id: LayerId): boolean => styleOf(id).labelPoints === true
