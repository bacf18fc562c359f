// An organizer adds two speakers to the registry (one flagged as a possible duplicate),
// gives them parts in a session, builds its rundown (with a warning for a slot outside
// the session), uploads slides, and finds it all on the public page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, publishSession, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

const WAHYU = "Prof. Dr. Ir. Wahyu Prasetyawan, M.Si.";
const ZUHROH = "Dr. Siti Zuhroh";

/** A published webinar made through the API, as a script would; its id. */
async function publishedWebinar(base) {
  const { id } = await publishSession(base, {
    kind: "webinar",
    title: "Webinar Kesiapan Pilkada Serentak",
    start_date: "2027-05-04",
    start_time: "09:00",
    end_time: "12:00",
    zone: "Asia/Jakarta",
    mode: "daring",
    meeting_link: "https://meet.example.id/pilkada",
  });
  return id;
}

async function addToRegistry(page, fields) {
  await page.fill("#speaker-name", fields.name);
  await page.fill("#speaker-position", fields.position);
  await page.fill("#speaker-institution", fields.institution);
  if (fields.region) await page.selectOption("#speaker-institution-region", fields.region);
  await page.fill("#speaker-contact", fields.contact);
  await page.click("#create-speaker");
}

async function giveAPart(page, search, name, role) {
  await page.fill("#speaker-q", search);
  await page.press("#speaker-q", "Enter");
  const choice = page.locator("#add-speaker-form label.choice", { hasText: name });
  await choice.waitFor();
  await choice.locator("input").check();
  await page.selectOption("#add-role", role);
  await page.selectOption("#add-status", "confirmed");
  await page.fill("#add-topic", `Topik ${role}`);
  await page.click("#add-speaker");
  await page.locator("#program-speakers tr", { hasText: name }).waitFor();
}

test("two speakers, a rundown and slides on a session's public page", async () => {
  const base = env.server.base;
  const id = await publishedWebinar(base);
  const page = await newPage(env.browser);
  await signIn(page, base, "organizer");

  // The registry: a regional speaker with a new institution and its region.
  await gotoHydrated(page, `${base}/organizer/speakers`);
  await addToRegistry(page, {
    name: WAHYU,
    position: "Ketua",
    institution: "KPU Provinsi Bengkulu",
    region: "17",
    contact: "0811-7300-000",
  });
  await page.waitForSelector("#speaker-saved");

  // A name close to the demo's Prof. Dr. R. Siti Zuhro is flagged; added when confirmed.
  await page.fill("#speaker-name", "");
  await addToRegistry(page, {
    name: ZUHROH,
    position: "Peneliti",
    institution: "BRIN",
    contact: "siti@example.id",
  });
  await page.waitForSelector("#speaker-duplicates");
  assert.match(await page.textContent("#speaker-duplicates"), /Siti Zuhro/);
  assert.equal(await page.inputValue("#speaker-name"), ZUHROH, "the form keeps what was typed");
  await page.check("#accept-duplicate");
  await page.click("#create-speaker");
  await page.waitForSelector("#speaker-saved");

  // The programme page: find each (a typo is fine) and give them a part.
  await gotoHydrated(page, `${base}/organizer/sessions/${id}/program`);
  await giveAPart(page, "prasetiawan", WAHYU, "keynote");
  await giveAPart(page, "zuhroh", ZUHROH, "moderator");
  const rows = await page.locator("#program-speakers tr.program-speaker").count();
  assert.equal(rows, 2);
  assert.match(await page.textContent("#program-speakers"), /Bersedia: \d+ \w+ \d{4}/);

  // A slot before the session starts: a warning, nothing saved; accepted, it is saved.
  await page.fill("#slot-start", "08:30");
  await page.fill("#slot-end", "09:15");
  await page.fill("#slot-title", "Registrasi peserta");
  await page.selectOption("#slot-kind", "opening");
  await page.click("#save-slot");
  const rundownSection = "section[aria-labelledby=program-rundown-title]";
  await page.waitForSelector(`${rundownSection} .warnings`);
  assert.match(await page.textContent(`${rundownSection} .warnings`), /di luar waktu sesi/);
  assert.equal(await page.inputValue("#slot-title"), "Registrasi peserta", "kept as typed");
  await page.check("#slot-form .accept-warnings");
  await page.click("#save-slot");
  await page.locator("#program-rundown tr", { hasText: "Registrasi peserta" }).waitFor();

  // A slot with the keynote speaker in it.
  await page.fill("#slot-start", "09:15");
  await page.fill("#slot-end", "10:30");
  await page.fill("#slot-title", "Paparan kesiapan Pilkada");
  await page.selectOption("#slot-kind", "keynote");
  await page.locator("#slot-form label.checkbox", { hasText: WAHYU }).locator("input").check();
  await page.click("#save-slot");
  const slot = page.locator("#program-rundown tr", { hasText: "Paparan kesiapan Pilkada" });
  await slot.waitFor();
  assert.match(await slot.textContent(), /09\.15-10\.30/);
  assert.match(await slot.textContent(), /Wahyu Prasetyawan/);

  // Slides through the plain upload form; a renamed program is refused.
  await page.setInputFiles("#material-file", {
    name: "virus.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("MZ\u0090\u0000 this is not a document"),
  });
  await page.click("#upload-material");
  await page.waitForSelector("#upload-error");
  assert.match(await page.textContent("#upload-error"), /Hanya berkas PDF/);
  await page.fill("#material-title", "Paparan KPU Provinsi Bengkulu");
  await page.setInputFiles("#material-file", {
    name: "paparan.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
  });
  await page.click("#upload-material");
  await page.waitForSelector("#material-uploaded");

  // The public page: both speakers, the rundown with its speaker, the slides.
  await page.goto(`${base}/sessions/${id}`);
  const speakers = await page.textContent(".speakers");
  assert.ok(speakers.includes(WAHYU) && speakers.includes(ZUHROH), speakers);
  const rundown = await page.textContent(".rundown");
  assert.match(rundown, /09\.15-10\.30\s*Paparan kesiapan Pilkada/);
  assert.match(rundown, /Prof\. Dr\. Ir\. Wahyu Prasetyawan, M\.Si\./);
  const link = page.locator("#session-materials a", { hasText: "Paparan KPU Provinsi Bengkulu" });
  const href = await link.getAttribute("href");
  const file = await fetch(`${base}${href}`);
  assert.equal(file.status, 200);
  assert.equal(await file.text(), "%PDF-1.4\n%%EOF\n");
  const html = await page.content();
  assert.ok(!html.includes("0811-7300-000") && !html.includes("siti@example.id"), "contacts stay private");

  // The speaker's own page lists the session; the new institution has its region.
  await page.locator(".speakers a", { hasText: WAHYU }).click();
  await page.waitForSelector("#speaker-name");
  assert.match(await page.textContent(".session-list"), /Webinar Kesiapan Pilkada Serentak/);
  await page.locator("a", { hasText: "KPU Provinsi Bengkulu" }).click();
  await page.waitForSelector("#institution-name");
  assert.match(await page.textContent("main"), /Bengkulu/);
  assert.match(await page.textContent("#appearances-per-year"), /2027\s*1/);
});
