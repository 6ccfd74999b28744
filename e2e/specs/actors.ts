/**
 * The actor register, the network view and an asset's dependencies, as the crisis manager meets
 * them: search and open an actor's card (TIB as a phone link), ask who is responsible at a place by
 * a click, filter the network view and highlight one actor's neighbourhood, show an asset's chains,
 * and add and remove a dependency through the asset panel. The viewer (läsare) never gets a
 * restricted asset or dependency by any route. Screenshots in Swedish and English.
 */
import type { Page } from 'playwright-core'
import type { ActorCard } from '../../common/actor-register.ts'
import type { DependencyChains, DependencyView } from '../../common/dependencies.ts'
import {
  assert,
  clickOnMap,
  collectCspViolations,
  getJson,
  jumpTo,
  mapIdle,
  newPage,
  type SpecContext,
  shot,
  signIn,
  signInContext,
  test,
  textOf,
} from '../support.ts'

declare global {
  interface Window {
    __lagesbildNetwork?: { state: () => { arcs: number; brightArcs: number; chainEdges: number } }
  }
}

const overlayState = (page: Page) =>
  page.evaluate(() => window.__lagesbildNetwork?.state() ?? { arcs: 0, brightArcs: 0, chainEdges: 0 })

async function openRegister(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: title }).click()
  await page.locator('.actor-list li').first().waitFor({ timeout: 20_000 })
}

export async function actorsSpec({ browser, base, expected }: SpecContext): Promise<void> {
  const prefix = expected.kommun
  const errors: string[] = []
  const page = await newPage(browser, 1600, 900, errors)

  await test(`[${prefix}] the crisis manager searches the register and opens an actor's card`, async () => {
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await signIn(page, 'krisledare')
    await mapIdle(page)
    await openRegister(page, 'Aktörsregister')
    await page.getByRole('searchbox', { name: 'Sök', exact: true }).fill('Kommunledning')
    // Note: the list follows the search a moment after typing stops.
    await page.waitForFunction(() => document.querySelectorAll('.actor-row').length <= 3, undefined, {
      timeout: 10_000,
    })
    const rows = await page.locator('.actor-row').count()
    assert(rows >= 1 && rows <= 3, `the search for Kommunledning lists ${rows} actors`)
    await page.locator('.actor-row', { hasText: 'Kommunledningsförvaltningen' }).first().click()
    await page.locator('#actor-card-heading').waitFor({ timeout: 10_000 })
    const tel = page.locator('.actor-card .on-call a[href^="tel:"]')
    assert((await tel.count()) === 1, 'the card has no TIB phone link')
    assert((await tel.getAttribute('href'))?.match(/^tel:\+?\d+$/), 'the TIB link is no dialable number')
    assert(
      (await page.locator('.actor-card .card-list li').count()) > 0,
      'the card lists no areas, links or assets',
    )
    await mapIdle(page)
    await shot(page, 'actors-card-sv')
  })

  await test(`[${prefix}] who is responsible here: a click on the map lists actors by function`, async () => {
    await page.getByRole('button', { name: 'Tillbaka till listan' }).click()
    const config = await getJson<{ center: [number, number] }>(page, `${base}/api/config`)
    await jumpTo(page, config.center, 12)
    await page.getByRole('button', { name: 'Vem ansvarar här?' }).click()
    await clickOnMap(page, config.center)
    await page.locator('.responsible-group').first().waitFor({ timeout: 10_000 })
    const here = await getJson<{ groups: { actors: unknown[] }[] }>(
      page,
      `${base}/api/actors/responsible?lon=${config.center[0]}&lat=${config.center[1]}`,
    )
    const listed = await page.locator('.responsible-group li').count()
    const expectedCount = here.groups.reduce((n, g) => n + g.actors.length, 0)
    // Note: the click lands within a pixel of the centre, which cannot cross an area's edge here.
    assert(listed === expectedCount, `${listed} actors listed, the API names ${expectedCount}`)
    assert(listed > 0, 'nobody is responsible at the municipality centre')
    assert(
      (await page.locator('.responsible-group h4').count()) === here.groups.length,
      'the answer is not grouped by function',
    )
    await shot(page, 'actors-responsible-sv')
    await page.locator('.responsible-head .icon-button').click()
  })

  await test(`[${prefix}] the network view filters links by type and highlights a neighbourhood`, async () => {
    await page.getByRole('tab', { name: 'Nätverk' }).click()
    await page.locator('[data-testid="network-count"]').waitFor({ timeout: 10_000 })
    await page.waitForFunction(() => (window.__lagesbildNetwork?.state().arcs ?? 0) > 0, undefined, {
      timeout: 15_000,
    })
    const links = await getJson<{ features: { properties: { linkType: string } }[] }>(
      page,
      `${base}/api/layers/actor-links/features?limit=5000`,
    )
    const all = await overlayState(page)
    assert(all.arcs === links.features.length, `${all.arcs} arcs drawn for ${links.features.length} links`)
    await page.locator('.register-fieldset').first().getByLabel('Leverans').uncheck()
    const withoutSupply = links.features.filter((f) => f.properties.linkType !== 'supply').length
    await page.waitForFunction((n) => window.__lagesbildNetwork?.state().arcs === n, withoutSupply, {
      timeout: 5000,
    })
    await page.locator('.network-view .actor-row', { hasText: 'Kommunledningsförvaltningen' }).first().click()
    await page.locator('.network-view .card-section li').first().waitFor({ timeout: 5000 })
    const highlighted = await overlayState(page)
    assert(
      highlighted.brightArcs > 0 && highlighted.brightArcs < highlighted.arcs,
      `neighbourhood: ${highlighted.brightArcs} of ${highlighted.arcs} arcs bright`,
    )
    await mapIdle(page)
    await shot(page, 'actors-network-sv')
    await page.getByRole('tab', { name: 'Lista' }).click()
  })

  let assetId = ''
  await test(`[${prefix}] an asset's panel lists needs and supplies and draws its chains`, async () => {
    const { dependencies } = await getJson<{ dependencies: DependencyView[] }>(
      page,
      `${base}/api/dependencies`,
    )
    const counts = new Map<string, number>()
    for (const d of dependencies) counts.set(d.providerAssetId, (counts.get(d.providerAssetId) ?? 0) + 1)
    assetId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]
    // Note: a new document, since the app reads the address's object once, when it starts.
    await page.goto('about:blank')
    await page.goto(`${base}/#feature=critical-assets/${assetId}`, { waitUntil: 'domcontentloaded' })
    await page.locator('.asset-dependencies').waitFor({ timeout: 45_000 })
    const supplies = dependencies.filter((d) => d.providerAssetId === assetId).length
    const needs = dependencies.filter((d) => d.dependentAssetId === assetId).length
    const listed = await page.locator('.asset-dependencies .dependency-list li').count()
    assert(listed === supplies + needs, `${listed} dependencies listed, ${supplies + needs} in the API`)
    await page.getByLabel('Visa beroendekedjor på kartan').check()
    await page.locator('[data-testid="chain-count"]').waitFor({ timeout: 10_000 })
    const chains = await getJson<DependencyChains>(page, `${base}/api/dependencies/chains?assetId=${assetId}`)
    const drawn = (await overlayState(page)).chainEdges
    assert(drawn === chains.upstream.length + chains.downstream.length, `${drawn} chain edges drawn`)
    assert(
      chains.downstream.length > supplies,
      'the downstream chain is no deeper than the direct dependents',
    )
    await mapIdle(page)
    await shot(page, 'actors-chains-sv')
  })

  await test(`[${prefix}] a dependency is added and removed through the asset panel`, async () => {
    const before = await page.locator('.asset-dependencies .dependency-list li').count()
    const form = page.locator('form[aria-label="Nytt beroende"]')
    const options = await form.locator('select').first().locator('option').allTextContents()
    assert(options.length > 2, 'no providers to choose from')
    await form.locator('select').first().selectOption({ index: 2 })
    const provider = options[2]!
    await form.getByLabel('Resurs').selectOption('staff')
    await form.getByLabel('Reserv (h)').fill('3')
    await form.getByRole('button', { name: 'Lägg till beroende' }).click()
    await page.waitForFunction(
      (n) => document.querySelectorAll('.asset-dependencies .dependency-list li').length === n,
      before + 1,
      { timeout: 10_000 },
    )
    const added = await getJson<{ dependencies: DependencyView[] }>(
      page,
      `${base}/api/dependencies?assetId=${assetId}`,
    )
    const mine = added.dependencies.find(
      (d) => d.dependentAssetId === assetId && d.resource === 'staff' && d.providerName === provider,
    )
    assert(mine && mine.backupHours === 3, 'the new dependency is not stored as entered')
    await shot(page, 'actors-dependency-added-sv')
    await page.getByRole('button', { name: `Ta bort beroendet av ${provider}` }).click()
    await page.waitForFunction(
      (n) => document.querySelectorAll('.asset-dependencies .dependency-list li').length === n,
      before,
      { timeout: 10_000 },
    )
    const after = await getJson<{ dependencies: DependencyView[] }>(
      page,
      `${base}/api/dependencies?assetId=${assetId}`,
    )
    assert(!after.dependencies.some((d) => d.id === mine.id), 'the removed dependency is still stored')
  })

  await test(`[${prefix}] in English the register, the network and the asset panel speak English`, async () => {
    const en = await newPage(browser, 1600, 900, errors)
    await en.addInitScript(() => localStorage.setItem('lagesbild.language', 'en'))
    await signInContext(en.context(), base, 'krisledare')
    await en.goto(`${base}/#feature=critical-assets/${assetId}`, { waitUntil: 'domcontentloaded' })
    await en.locator('.asset-dependencies').waitFor({ timeout: 45_000 })
    await en.getByLabel('Show dependency chains on the map').check()
    await en.locator('[data-testid="chain-count"]').waitFor({ timeout: 10_000 })
    await openRegister(en, 'Actor register')
    await en.getByRole('tab', { name: 'Network' }).click()
    await en.locator('[data-testid="network-count"]').waitFor({ timeout: 10_000 })
    const text = await textOf(en.locator('.actor-register'))
    assert(
      text.includes('Collaboration network') && !text.includes('Samverkansnätverk'),
      'the network view is not in English',
    )
    await mapIdle(en)
    await shot(en, 'actors-network-chains-en')
    await en.getByRole('tab', { name: 'List', exact: true }).click()
    await en.locator('.actor-row').first().click()
    await en.locator('#actor-card-heading').waitFor({ timeout: 10_000 })
    await shot(en, 'actors-card-en')
    await collectCspViolations(en)
    await en.context().close()
  })

  await test(`[${prefix}] the viewer gets no restricted asset or dependency by any route`, async () => {
    const viewer = await newPage(browser, 1600, 900, errors)
    await viewer.goto(`${base}/`, { waitUntil: 'domcontentloaded' })
    await signIn(viewer, 'lasare')
    const crisis = page.context().request
    const { dependencies } = await (await crisis.get(`${base}/api/dependencies`)).json()
    const restrictedAssets = await (
      await crisis.get(`${base}/api/layers/critical-assets/features?limit=5000`)
    ).json()
    const restricted = (
      restrictedAssets.features as {
        id: string
        properties: { classification: string; ownerActorId?: string }
      }[]
    ).filter((f) => f.properties.classification === 'restricted')
    assert(restricted.length > 0, 'the demo has no restricted asset to test with')
    const seen = await (await viewer.context().request.get(`${base}/api/dependencies`)).json()
    const text = JSON.stringify(seen)
    for (const asset of restricted)
      assert(!text.includes(asset.id), `the viewer's dependencies name ${asset.id}`)
    assert(
      (seen.dependencies as DependencyView[]).every((d) => d.classification !== 'restricted'),
      'the viewer got a restricted dependency',
    )
    assert(
      seen.dependencies.length < dependencies.length || dependencies.length === 0,
      'the viewer sees every dependency',
    )
    for (const path of [
      `/api/dependencies?assetId=${restricted[0]!.id}`,
      `/api/dependencies/chains?assetId=${restricted[0]!.id}`,
      `/api/layers/critical-assets/features/${restricted[0]!.id}`,
    ]) {
      const status = (await viewer.context().request.get(`${base}${path}`)).status()
      assert(status === 404, `${path} answers the viewer ${status}`)
    }
    const owner = restricted.find((a) => a.properties.ownerActorId)?.properties.ownerActorId
    if (owner) {
      const card = (await (
        await viewer.context().request.get(`${base}/api/actors/${owner}`)
      ).json()) as ActorCard
      for (const asset of restricted)
        assert(
          !card.assets.some((a) => a.id === asset.id),
          "the owner's card shows the viewer a restricted asset",
        )
    }
    await openRegister(viewer, 'Aktörsregister')
    assert(
      (await viewer.getByRole('button', { name: 'Ny aktör' }).count()) === 0,
      'the viewer is offered a new actor',
    )
    await collectCspViolations(viewer)
    await viewer.context().close()
  })

  await collectCspViolations(page)
  await page.context().close()
  await test(`[${prefix}] the actor views log no console errors`, async () => {
    assert(errors.length === 0, `console errors:\n${errors.join('\n')}`)
  })
}
