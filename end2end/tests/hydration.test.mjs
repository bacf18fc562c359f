// Proves that the WebAssembly bundle loads and takes over the server-rendered page:
// the session editor hides the venue fields when "Daring" is chosen, which only the
// hydrated page can do. With the .wasm blocked, the same choice changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, signIn, signInCookie, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

test("the server renders every field before hydration", async () => {
  const cookie = await signInCookie(env.server.base, "organizer");
  const response = await fetch(`${env.server.base}/organizer/sessions/new`, { headers: { cookie } });
  const html = await response.text();
  assert.equal(response.status, 200);
  assert.match(html, /id="venue-fields"(?![^>]*hidden)/, "venue fields are shown in the server HTML");
  assert.match(html, /\/pkg\/simpul\.js/, "the page loads the hydration script");
});

test("after hydration, choosing Daring hides the venue fields", async () => {
  const page = await newPage(env.browser);
  await signIn(page, env.server.base, "organizer");
  await gotoHydrated(page, `${env.server.base}/organizer/sessions/new`);
  assert.equal(await page.locator("#venue-fields").isVisible(), true, "hybrid shows the venue");
  await page.selectOption("#field-mode", "daring");
  await page.locator("#venue-fields").waitFor({ state: "hidden", timeout: 5000 });
  assert.equal(await page.locator("#link-fields").isVisible(), true, "daring shows the link");
  await page.selectOption("#field-mode", "luring");
  await page.locator("#link-fields").waitFor({ state: "hidden", timeout: 5000 });
  assert.equal(await page.locator("#venue-fields").isVisible(), true);
  await page.context().close();
});

test("control: with the .wasm blocked, the choice changes nothing", async () => {
  const page = await newPage(env.browser);
  await signIn(page, env.server.base, "organizer");
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(`${env.server.base}/organizer/sessions/new`);
  await page.selectOption("#field-mode", "daring");
  await page.waitForTimeout(1000);
  assert.equal(await page.locator("#venue-fields").isVisible(), true, "still visible without WebAssembly");
  assert.equal(await page.evaluate(() => document.body.dataset.hydrated ?? null), null);
  await page.context().close();
});
