/**
 * A type test, checked by `npm run typecheck` and never run: a layer id added to the union does not
 * compile until it has a style with its legend, a place in the stack and an attribute formatting.
 * `heat-shelters` stands for the next layer someone adds.
 */
import type { LayerId } from '../../common/layers.ts'
import { stackOrder } from '../map/basemap-style.ts'
import { layerStyles } from './layer-styles.ts'

type WithNewLayer = LayerId | 'heat-shelters'

export const complete = [
  layerStyles satisfies Record<LayerId, unknown>,
  stackOrder satisfies Record<LayerId, unknown>,
]

export const incomplete = [
  // @ts-expect-error the new layer has no style and legend
  layerStyles satisfies Record<WithNewLayer, unknown>,
  // @ts-expect-error the new layer has no place in the stack
  stackOrder satisfies Record<WithNewLayer, unknown>,
]
