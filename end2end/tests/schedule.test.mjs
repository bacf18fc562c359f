// The public schedule: filters, language switch, and pages that work with JavaScript
// switched off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "hydrated" : "without JavaScript";

  test(`filters by kind, month and region (${mode})`, async () => {
    const page = await newPage(env.browser, { javaScriptEnabled });
    if (javaScriptEnabled) await gotoHydrated(page, `${env.server.base}/`);
    else await page.goto(`${env.server.base}/`);
    await page.selectOption("#filter-kind", "webinar");
    await page.fill("#filter-month", "2023-01");
    await page.click(".filters button[type=submit]");
    await page.waitForURL(/kind=webinar/);
    const past = page.locator("#past .card");
    await past.first().waitFor();
    const titles = await past.locator("h3").allTextContents();
    assert.deepEqual(titles.map((t) => t.trim()).sort(), [
      "Dukungan Pemerintah Pusat dan Pemerintah Daerah Dalam Menyukseskan Penyelenggaraan Tahapan Pemilu",
      "Menjaga Netralitas Penyelenggara Negara dalam Pelaksanaan Tahapan Pemilu 2024",
    ]);

    await page.goto(`${env.server.base}/?region=91`);
    const upcoming = await page.locator("#upcoming .card h3").allTextContents();
    assert.ok(upcoming.some((t) => t.includes("Sosialisasi Pendidikan Politik")), upcoming.join(" | "));
    assert.ok(!upcoming.some((t) => t.includes("Wilayah Sulawesi")), "Papua is not invited to the Sulawesi rakor");
    await page.context().close();
  });

  test(`switches to English and back (${mode})`, async () => {
    const page = await newPage(env.browser, { javaScriptEnabled });
    if (javaScriptEnabled) await gotoHydrated(page, `${env.server.base}/?kind=rakor`);
    else await page.goto(`${env.server.base}/?kind=rakor`);
    assert.equal(await page.textContent("h1"), "Jadwal rakor dan webinar");
    await page.click("text=English");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await page.textContent("h1"), "Coordination meetings and webinars");
    assert.match(page.url(), /\?kind=rakor$/, "back on the same filtered page");
    assert.match(await page.textContent("#past"), /Tuesday, 1 March 2022, 09:00-12:00 WIB/);
    await page.click("text=Bahasa Indonesia");
    await page.waitForFunction(() => document.documentElement.lang === "id");
    assert.match(await page.textContent("#past"), /Selasa, 1 Maret 2022, 09\.00-12\.00 WIB/);
    await page.context().close();
  });
}

test("a session page shows the time in every zone and the rundown", async () => {
  const page = await newPage(env.browser, { javaScriptEnabled: false });
  await page.goto(`${env.server.base}/?kind=webinar&month=2023-01`);
  await page.click("text=Menjaga Netralitas Penyelenggara Negara");
  assert.equal(await page.textContent("#session-when"), "Selasa, 31 Januari 2023, 09.00-12.00 WIB");
  const facts = await page.textContent(".facts");
  assert.match(facts, /10\.00-13\.00 WITA · 11\.00-14\.00 WIT/);
  assert.match(await page.textContent(".rundown"), /09\.15-11\.15\s*Paparan narasumber/);
  const speakers = await page.locator(".speaker__name").allTextContents();
  assert.equal(speakers.length, 6);
  await page.context().close();
});
