import type { SeedContext } from './context.ts'

export async function seedSessions(_ctx: SeedContext): Promise<void> {}
