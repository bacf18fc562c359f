// An organizer creates a session through the UI, sees validation messages next to the
// fields, saves, publishes, and finds the session on the public schedule.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, launchBrowser, newPage, startServer } from "../support.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const TITLE = "Rakor Evaluasi Netralitas ASN Wilayah Kalimantan";

test("create, fix errors, save, publish, and find it on the schedule", async () => {
  const page = await newPage(browser);
  await gotoHydrated(page, `${server.base}/organizer`);
  await page.click("#new-session");
  await page.waitForURL("**/organizer/sessions/new");
  await page.waitForSelector("#session-form");

  // A marker that a full page load would wipe out: the form must work in place.
  await page.evaluate(() => { window.__stayed = true; });

  // Submit with the title missing and the end before the start.
  await page.selectOption("#field-kind", "rakor");
  await page.fill("#field-organizer_unit", "Direktorat Politik Dalam Negeri");
  await page.fill("#field-start_date", "2027-02-10");
  await page.fill("#field-start_time", "09:00");
  await page.fill("#field-end_time", "08:00");
  await page.selectOption("#field-zone", "Asia/Makassar");
  await page.selectOption("#field-mode", "hybrid");
  await page.fill("#field-venue", "Aula Kantor Gubernur Kalimantan Selatan");
  await page.selectOption("#field-venue_region", "63");
  await page.fill("#field-meeting_link", "https://meet.example.id/rakor-kalimantan");
  await page.fill("#field-passcode", "kal1mantan");
  await page.click("#save-session");

  await page.waitForSelector("#field-title-error:has-text('Wajib diisi.')");
  assert.equal(await page.textContent("#field-end_time-error"), "Harus sesudah waktu mulai.");
  assert.match(await page.textContent("#form-error"), /Belum tersimpan/);
  assert.equal(await page.evaluate(() => window.__stayed), true, "no page reload");
  assert.match(page.url(), /\/organizer\/sessions\/new$/);

  // Fix both and save: a draft.
  await page.fill("#field-title", TITLE);
  await page.fill("#field-end_time", "15:30");
  await page.click("#save-session");
  await page.waitForURL(/\/organizer\/sessions\/\d+\?saved=1$/);
  await page.waitForSelector("#saved-notice");
  assert.equal((await page.textContent("#session-status")).trim(), "Draf");
  const id = page.url().match(/sessions\/(\d+)/)[1];

  // Drafts are not public.
  assert.equal((await fetch(`${server.base}/sessions/${id}`)).status, 404);

  await page.click("#publish");
  await page.waitForFunction(() => document.querySelector("#session-status")?.textContent.trim() === "Terbit");

  // The public schedule lists it among the upcoming sessions, in its own zone.
  await page.goto(`${server.base}/`);
  const card = page.locator("#upcoming .card", { hasText: TITLE });
  await card.waitFor();
  assert.match(await card.textContent(), /Rabu, 10 Februari 2027, 09\.00-15\.30 WITA/);

  await card.locator("a").click();
  await page.waitForURL(`**/sessions/${id}`);
  assert.match(await page.textContent("#session-when"), /09\.00-15\.30 WITA/);
  const html = await page.content();
  assert.ok(html.includes("Aula Kantor Gubernur Kalimantan Selatan, Kalimantan Selatan"));
  assert.ok(!html.includes("kal1mantan"), "the passcode stays off the public page");
  await page.context().close();
});

test("cancelling keeps the session visible as cancelled", async () => {
  const page = await newPage(browser);
  // The demo's upcoming webinar.
  const sessions = await (await fetch(`${server.base}/api/v1/sessions?kind=webinar&status=published`)).json();
  const webinar = sessions[0];
  await gotoHydrated(page, `${server.base}/organizer/sessions/${webinar.id}`);
  await page.check("#confirm-cancel");
  await page.click("#cancel-session");
  await page.waitForFunction(() => document.querySelector("#session-status")?.textContent.trim() === "Dibatalkan");
  await page.goto(`${server.base}/`);
  const card = page.locator(".card", { hasText: webinar.title });
  await card.waitFor();
  assert.match(await card.textContent(), /Dibatalkan/);
  await page.context().close();
});
