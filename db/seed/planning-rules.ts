import type { SeedContext } from './context.ts'

export async function seedPlanningRules(_ctx: SeedContext): Promise<void> {}
