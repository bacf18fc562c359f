// An organizer invites Jawa Barat with a quota; the province's operator uploads a
// spreadsheet, fixes the row the preview flags, saves, and sees the people registered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gotoHydrated, newPage, publishSession, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

const TITLE = "Rakor Kesiapan Pilkada Jawa Barat";

/** A published hybrid session made through the API; its id. */
async function publishedSession(base) {
  const { id } = await publishSession(base, {
    kind: "rakor",
    title: TITLE,
    start_date: "2027-06-08",
    start_time: "09:00",
    end_time: "12:00",
    zone: "Asia/Jakarta",
    mode: "hybrid",
    venue: "Gedung Sate",
    venue_region: "32",
    meeting_link: "https://meet.example.id/pilkada-jabar",
    capacity_onsite: "50",
  });
  return id;
}

test("an organizer invites a province and its operator uploads, fixes and saves a spreadsheet", async () => {
  const base = env.server.base;
  const id = await publishedSession(base);

  // The organizer invites Jawa Barat with its regencies, two seats on site each.
  const organizer = await newPage(env.browser);
  await signIn(organizer, base, "organizer");
  await gotoHydrated(organizer, `${base}/organizer/sessions/${id}/registrations`);
  await organizer.click("#invitations summary");
  await organizer.check("#invitation-form input[value='provinces']");
  await organizer.check("#invitation-form input[name='form[with_regencies]']");
  await organizer.check("#invitation-form input[value='32']");
  await organizer.fill("#quota-luring", "2");
  await organizer.click("#invitation-form button[type='submit']");
  await organizer.locator(".invited-list li", { hasText: "Jawa Barat" }).waitFor();
  assert.match(await organizer.textContent(".invited-list"), /kuota Luring \(tatap muka\) 2/);
  await organizer.context().close();

  // The operator finds the session on their dashboard.
  const page = await newPage(env.browser);
  await signIn(page, base, "operator");
  await gotoHydrated(page, `${base}/my-region`);
  const card = page.locator(`#upcoming .card[data-session='${id}']`);
  await card.waitFor();
  assert.match(await card.textContent(), /Batas pendaftaran/);
  await card.locator("a.button").click();
  await page.waitForURL(new RegExp(`/my-region/sessions/${id}$`));
  await page.waitForSelector("#sheet-form");

  // A spreadsheet (CSV as Excel writes it in Indonesia) with a NIP one digit short.
  const dir = mkdtempSync(join(tmpdir(), "simpul-sheet-"));
  const file = join(dir, "peserta.csv");
  writeFileSync(
    file,
    "\ufeffNama;NIP;Jabatan;Instansi;Email;Mode;Kode wilayah\n" +
      "Dewi Lestari;198703122010012003;Analis;Bakesbangpol Kab. Bogor;dewi@bogorkab.go.id;luring;32.01\n" +
      "Agus Salim;;Kepala Bidang;Bakesbangpol Prov. Jabar;agus@jabarprov.go.id;daring;32\n" +
      "Rina Marlina;19900101201501200;Staf;Bakesbangpol Kota Bandung;rina@bandung.go.id;daring;32.73\n",
  );
  await page.setInputFiles("#sheet-file", file);
  await page.click("#sheet-form button[type='submit']");
  await page.waitForSelector("#preview-table");
  assert.match(await page.textContent("#preview-summary"), /3 baris, 1 masalah/);
  const bad = page.locator("#preview-table tr[data-row='4']");
  assert.equal(await bad.locator("input[data-field='nip']").getAttribute("aria-invalid"), "true");
  assert.match(await page.textContent(".preview__problems"), /4: NIP/);
  assert.equal(await page.isDisabled("#preview-save"), true);

  // Fix the NIP in the preview, check again, save.
  await bad.locator("input[data-field='nip']").fill("199001012015012001");
  await bad.locator("input[data-field='nip']").press("Tab");
  await page.click("#preview-check");
  await page.waitForFunction(() => /3 baris siap disimpan/.test(document.querySelector("#preview-summary")?.textContent ?? ""));
  await page.click("#preview-save");
  await page.waitForSelector("#sheet-saved");
  for (const name of ["Dewi Lestari", "Agus Salim", "Rina Marlina"]) {
    await page.locator("#registration-table tr", { hasText: name }).waitFor();
  }
  assert.match(await page.textContent("#registrations h2"), /\(3\)/);

  // The confirmation page of one of them shows the check-in code.
  const link = await page.locator("#registration-table a.registration-name", { hasText: "Agus Salim" }).getAttribute("href");
  await gotoHydrated(page, `${base}${link}`);
  assert.match(await page.textContent("#check-in-code"), /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
  await page.context().close();
});
