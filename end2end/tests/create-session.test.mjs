// An organizer creates a session through the UI, sees validation messages next to the
// fields, saves, publishes, and finds the session on the public schedule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

const TITLE = "Rakor Evaluasi Netralitas ASN Wilayah Kalimantan";

test("create, fix errors, save, publish, and find it on the schedule", async () => {
  const page = await newPage(env.browser);
  await signIn(page, env.server.base, "organizer");
  await gotoHydrated(page, `${env.server.base}/organizer`);
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
  await page.waitForURL(/\/organizer\/sessions\/\d+\?saved=\d+$/);
  await page.waitForSelector("#saved-notice");
  assert.equal((await page.textContent("#session-status")).trim(), "Draf");
  const id = page.url().match(/sessions\/(\d+)/)[1];

  // Drafts are not public.
  assert.equal((await fetch(`${env.server.base}/sessions/${id}`)).status, 404);

  await page.click("#publish");
  await page.waitForFunction(() => document.querySelector("#session-status")?.textContent.trim() === "Terbit");

  // The public schedule lists it among the upcoming sessions, in its own zone.
  await page.goto(`${env.server.base}/`);
  const card = page.locator("#upcoming .card", { hasText: TITLE });
  await card.waitFor();
  assert.match(await card.textContent(), /Rabu, 10 Februari 2027, 09\.00-15\.30 WITA/);

  await card.locator("a").click();
  await page.waitForURL(`**/sessions/${id}`);
  assert.match(await page.textContent("#session-when"), /09\.00-15\.30 WITA/);
  const html = await page.content();
  assert.ok(html.includes("Aula Kantor Gubernur Kalimantan Selatan, Kalimantan Selatan"));
  assert.ok(!html.includes("kal1mantan"), "the passcode stays off the public page");

  // Reschedule: a day later, ending at noon. The API shows the new time and a higher
  // revision (calendars rely on it).
  const before = await (await fetch(`${env.server.base}/api/v1/sessions/${id}`)).json();
  await gotoHydrated(page, `${env.server.base}/organizer/sessions/${id}`);
  await page.fill("#field-start_date", "2027-02-11");
  await page.fill("#field-end_time", "12:00");
  await page.click("#save-session");
  await page.waitForSelector("#saved-notice");
  const after = await (await fetch(`${env.server.base}/api/v1/sessions/${id}`)).json();
  assert.equal(after.start, "2027-02-11T09:00:00+08:00");
  assert.equal(after.end, "2027-02-11T12:00:00+08:00");
  assert.equal(after.revision, before.revision + 1);
  await page.goto(`${env.server.base}/sessions/${id}`);
  assert.equal(await page.textContent("#session-when"), "Kamis, 11 Februari 2027, 09.00-12.00 WITA");
  await page.context().close();
});

test("cancelling keeps the session visible as cancelled", async () => {
  const page = await newPage(env.browser);
  await signIn(page, env.server.base, "organizer");
  // The demo's upcoming webinar.
  const sessions = await (await fetch(`${env.server.base}/api/v1/sessions?kind=webinar&status=published`)).json();
  const webinar = sessions[0];
  await gotoHydrated(page, `${env.server.base}/organizer/sessions/${webinar.id}`);
  await page.check("#confirm-cancel");
  await page.click("#cancel-session");
  await page.waitForFunction(() => document.querySelector("#session-status")?.textContent.trim() === "Dibatalkan");
  await page.goto(`${env.server.base}/`);
  const card = page.locator(".card", { hasText: webinar.title });
  await card.waitFor();
  assert.match(await card.textContent(), /Dibatalkan/);
  await page.context().close();
});
