// Participation reports: an organizer opens the dashboard, filters a period, drills
// into a province and opens its page for the same period, then another; an operator
// finds their region's record on their home page and their region's page from there.
// The demo data's rakor of 1 March 2022 invites every province.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

test("an organizer filters the dashboard to a period and drills into a province", async () => {
  const base = env.server.base;
  const page = await newPage(env.browser);
  await signIn(page, base, "organizer");
  await gotoHydrated(page, `${base}/organizer`);
  await page.click("#nav-reports");
  await page.waitForURL(/\/organizer\/reports$/);
  await page.locator("#report-totals").waitFor();
  // Left to its default, the period is the twelve months up to today, shown in the form.
  assert.match(await page.inputValue("#report-from"), /^\d{4}-\d{2}-01$/);
  assert.equal(await page.locator("#trend-table tbody tr").count(), 12);
  assert.equal(await page.locator(".tile-map .tile").count(), 38);
  assert.equal(await page.locator("#province-table tbody tr").count(), 38);
  assert.equal(await page.locator("#chart-rate svg[role=img]").count(), 1);

  // Filter 2022: the demo rakor of 1 March, which nobody attended.
  await page.fill("#report-from", "2022-01-01");
  await page.fill("#report-to", "2022-12-31");
  await page.click("#report-apply");
  await page.waitForURL(/from=2022-01-01/);
  await page.locator("#report-period", { hasText: "1 Januari 2022 – 31 Desember 2022" }).waitFor();
  const sessions = await page.locator("#report-totals div").first().locator("dd").textContent();
  assert.ok(Number(sessions) >= 1, `sessions in 2022: ${sessions}`);
  const jabar = page.locator('#province-table tr[data-region="32"]');
  assert.match(await jabar.textContent(), /belum pernah hadir/);
  assert.ok(await jabar.evaluate((row) => row.classList.contains("attention")));
  // The trend table holds every month of the period, the chart's words too.
  assert.equal(await page.locator("#trend-table tbody tr").count(), 12);
  assert.match(await page.locator("#chart-present desc").textContent(), /./);

  // Drill into Jawa Barat from the map: its 27 regencies, the filter kept.
  await page.click('.tile[data-province="32"]');
  await page.waitForURL(/province=32/);
  assert.match(page.url(), /from=2022-01-01/);
  await page.locator("#regencies-title", { hasText: "Kabupaten/kota di Jawa Barat" }).waitFor();
  assert.equal(await page.locator("#regency-table tbody tr").count(), 27);
  assert.equal(await page.locator('.tile[data-province="32"][aria-current="true"]').count(), 1);

  // The province's page keeps the dashboard's period: the rakor of March 2022.
  await page.click('#regencies-title a[href^="/regions/32?"]');
  await page.waitForURL(/\/regions\/32\?from=2022-01-01&to=2022-12-31$/);
  await page.locator("#region-page-name", { hasText: "Jawa Barat" }).waitFor();
  await page.locator("#region-record .hint", { hasText: "1 Januari 2022 – 31 Desember 2022" }).waitFor();
  assert.equal(await page.inputValue("#report-from"), "2022-01-01");
  assert.equal(await page.locator("#regency-table tbody tr").count(), 27);
  const rakor = page.locator("#region-past tr", { hasText: "Rakor Bidang Politik dan Pemerintahan Umum" });
  assert.equal(await rakor.count(), 1);
  // Another period on the page itself: 2023 has no such rakor.
  await page.fill("#report-from", "2023-01-01");
  await page.fill("#report-to", "2023-12-31");
  await page.click("#report-apply");
  await page.waitForURL(/\/regions\/32\?from=2023-01-01/);
  await page.locator("#region-record .hint", { hasText: "1 Januari 2023 – 31 Desember 2023" }).waitFor();
  assert.equal(await rakor.count(), 0);
  await page.close();
});

test("a bad period is named, and an operator sees their own record at home", async () => {
  const base = env.server.base;
  const page = await newPage(env.browser);
  await signIn(page, base, "organizer");
  await gotoHydrated(page, `${base}/organizer/reports?from=2026-05-01&to=2026-04-01`);
  await page.locator("#report-filter .field-error", { hasText: "sesudah" }).waitFor();
  await page.close();

  const operator = await newPage(env.browser);
  await signIn(operator, base, "operator");
  await gotoHydrated(operator, `${base}/my-region`);
  await operator.locator("#region-record").waitFor();
  assert.match(await operator.locator("#region-record").textContent(), /Tingkat kehadiran/);
  // Their region's page, for another period, is one link away.
  await operator.click("#region-page-link");
  await operator.waitForURL(/\/regions\/32$/);
  await operator.locator("#report-filter").waitFor();
  // Another province's page is not theirs.
  const other = await operator.goto(`${base}/regions/17`);
  assert.equal(other.status(), 403);
  await operator.close();
});
