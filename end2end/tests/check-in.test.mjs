// At the door: an organizer checks people in on the check-in page by typing their
// code (a second time says since when; a wrong code is refused), finds one by name,
// and sees them present on the attendance list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, publishSession, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

/** A published hybrid session with two people registered through the API. */
async function sessionWithPeople(base) {
  const { id, cookie } = await publishSession(base, {
    kind: "rakor",
    title: "Rakor Netralitas ASN Jawa Barat",
    start_date: "2027-07-06",
    start_time: "09:00",
    end_time: "12:00",
    zone: "Asia/Jakarta",
    mode: "hybrid",
    venue: "Gedung Sate",
    venue_region: "32",
    meeting_link: "https://meet.example.id/netralitas",
  });
  const headers = { cookie, "content-type": "application/json" };
  const registered = await fetch(`${base}/api/v1/sessions/${id}/registrations`, {
    method: "POST",
    headers,
    body: JSON.stringify([
      { name: "Dewi Lestari", office: "Bakesbangpol Kab. Indramayu", email: "dewi@indramayukab.go.id", mode: "luring", region: "32.12" },
      { name: "Budi Santoso", office: "Bakesbangpol Prov. Jabar", email: "budi@jabarprov.go.id", mode: "luring", region: "32" },
    ]),
  });
  assert.equal(registered.status, 201);
  const people = await registered.json();
  return { id, dewi: people[0].check_in_code };
}

test("an organizer checks people in by typed code and by name", async () => {
  const base = env.server.base;
  const { id, dewi } = await sessionWithPeople(base);
  const page = await newPage(env.browser);
  await signIn(page, base, "organizer");
  await gotoHydrated(page, `${base}/organizer/sessions/${id}/check-in`);
  assert.match(await page.textContent("#check-in-count"), /0 dari 2/);

  // Typed as people read it aloud: lower case, with the hyphen.
  await page.fill("#check-in-code", `${dewi.slice(0, 5)}-${dewi.slice(5)}`.toLowerCase());
  await page.press("#check-in-code", "Enter");
  const answer = page.locator("#by-code #check-in-answer");
  await answer.locator("text=Tercatat hadir").waitFor();
  assert.match(await answer.textContent(), /Dewi Lestari/);
  assert.match(await answer.textContent(), /Bakesbangpol Kab\. Indramayu · Kabupaten Indramayu/);
  await page.waitForFunction(() => document.querySelector("#check-in-code")?.value === "");
  await page.locator("#check-in-count", { hasText: "1 dari 2" }).waitFor();

  // The same code again: already in, since when.
  await page.fill("#check-in-code", dewi);
  await page.press("#check-in-code", "Enter");
  await answer.locator("text=Sudah hadir sejak").waitFor();
  assert.equal(await answer.getAttribute("class"), "answer answer--again");

  // A code of nobody.
  await page.fill("#check-in-code", "ABCDE-FGHJK");
  await page.press("#check-in-code", "Enter");
  await answer.locator("text=Kode tidak dikenal").waitFor();

  // Someone without their code: found by name.
  await page.fill("#check-in-q", "budi");
  await page.click("#search-form button[type='submit']");
  const budi = page.locator("#found li", { hasText: "Budi Santoso" });
  await budi.waitFor();
  await budi.locator("button").click();
  await page.locator("#by-name #check-in-answer", { hasText: "Budi Santoso" }).waitFor();
  await page.locator("#found li", { hasText: "Budi Santoso" }).locator(".badge--ok").waitFor();

  // Both present on the attendance list.
  await gotoHydrated(page, `${base}/organizer/sessions/${id}/attendance`);
  assert.match(await page.textContent("#attendance-counts"), /Hadir 2/);
  assert.equal(await page.locator("#attendance-table tr[data-status='present']").count(), 2);
  await page.context().close();
});
