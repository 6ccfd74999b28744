import type { SeedContext } from './context.ts'

export async function seedAssets(_ctx: SeedContext): Promise<void> {}
