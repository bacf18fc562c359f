// Calendars: a visitor adds one session to Google Calendar or downloads its file,
// subscribes to a region's schedule, and an operator makes, uses and stops a private
// calendar address on their account page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoHydrated, newPage, publishSession, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

/** A published online webinar inviting Jawa Barat; its id. */
async function publishedWebinar(base) {
  const { id } = await publishSession(base, {
    kind: "webinar",
    title: "Webinar Literasi Digital Aparatur",
    start_date: "2027-08-03",
    start_time: "13:00",
    end_time: "15:00",
    zone: "Asia/Makassar",
    mode: "daring",
    meeting_link: "https://meet.example.id/literasi",
    passcode: "sandi-literasi",
  });
  return id;
}

test("a visitor adds a session to a calendar and subscribes to a region", async () => {
  const base = env.server.base;
  const id = await publishedWebinar(base);
  const page = await newPage(env.browser);
  await gotoHydrated(page, `${base}/sessions/${id}`);
  await page.locator("text=Tambahkan ke kalender").waitFor();
  const google = await page.getAttribute('.calendar--session a[data-app="google"]', "href");
  const template = new URL(google);
  assert.equal(template.searchParams.get("action"), "TEMPLATE");
  assert.equal(template.searchParams.get("text"), "Webinar Literasi Digital Aparatur");
  // 13.00 WITA is 05.00 UTC.
  assert.equal(template.searchParams.get("dates"), "20270803T050000Z/20270803T070000Z");
  const file = await page.getAttribute('.calendar--session a[data-app="ics"]', "href");
  const response = await fetch(new URL(file, base));
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^text\/calendar/);
  const text = await response.text();
  assert.match(text, /DTSTART;TZID=Asia\/Makassar:20270803T130000/);
  assert.doesNotMatch(text, /sandi-literasi/);

  // The schedule filtered to Jawa Barat offers that region's feed.
  await gotoHydrated(page, `${base}/?region=32`);
  await page.click(".calendar__summary");
  await page.locator("text=Berlangganan sekali").waitFor();
  const address = await page.inputValue(".calendar__address");
  assert.equal(address, `${base}/calendar/region/32.ics`);
  const webcal = await page.getAttribute('.calendar a[data-app="webcal"]', "href");
  assert.equal(webcal, address.replace(/^http:/, "webcal:"));
  const subscribe = new URL(await page.getAttribute('.calendar a[data-app="google"]', "href"));
  assert.equal(subscribe.searchParams.get("cid"), webcal);
  const feed = await fetch(address);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /X-WR-CALNAME:Simpul: Jawa Barat/);
  await page.close();
});

test("an operator makes a private calendar address, uses it and stops it", async () => {
  const base = env.server.base;
  const page = await newPage(env.browser);
  await signIn(page, base, "operator");
  await gotoHydrated(page, `${base}/account`);
  await page.click("#private-feed-renew button");
  const address = page.locator("#private-feed-new .calendar__address");
  await address.waitFor();
  const url = await address.inputValue();
  assert.match(url, /\/calendar\/private\/[A-Za-z0-9_-]{43}\.ics$/);
  const feed = await fetch(url);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /X-WR-CALNAME:Simpul: kalender Operator Kesbangpol Jabar/);

  await page.locator("#private-feed-made").waitFor();
  await page.click("#private-feed-revoke button");
  await page.locator("#private-feed-revoke").waitFor({ state: "detached" });
  assert.equal((await fetch(url)).status, 404);
  await page.close();
});
