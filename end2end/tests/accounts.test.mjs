// Accounts in the browser: an operator of Jawa Barat signs in through the form and sees
// their own region's sessions only, and is refused the organizer pages; a wrong
// password is told plainly; an admin adds a user.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PASSWORD, USERS, gotoHydrated, newPage, signIn, useServerAndBrowser } from "../support.mjs";

const env = useServerAndBrowser();

test("an operator signs in and sees only their region", async () => {
  const page = await newPage(env.browser);
  // Asking for a protected page leads to the sign-in page, and back after it.
  await page.goto(`${env.server.base}/my-region`);
  await page.waitForURL(/\/sign-in\?next=(%2F|\/)my-region$/);
  await page.fill("#email", USERS.operator.email);
  await page.fill("#password", PASSWORD);
  await page.click("#sign-in");
  await page.waitForURL(/\/my-region$/);
  assert.equal(await page.textContent("#region-name"), "Jawa Barat");
  assert.equal(await page.textContent("#nav-account"), "Operator Kesbangpol Jabar");
  const html = await page.content();
  // Invited: the national webinar and rakor (all provinces). Not invited: the
  // sessions for Sulawesi and for Papua.
  assert.ok(html.includes("Evaluasi Pilkada Serentak 2024"), "an upcoming all-province session");
  assert.ok(html.includes("Rakor Bidang Politik dan Pemerintahan Umum"), "a past one");
  assert.ok(!html.includes("Wilayah Sulawesi"), "not Sulawesi's session");
  assert.ok(!html.includes("Pemilih Pemula"), "not Papua's session");

  // The organizer pages say no, with a 403 and no data.
  const response = await page.goto(`${env.server.base}/organizer`);
  assert.equal(response.status(), 403);
  await page.waitForSelector("#forbidden");
  assert.equal(await page.locator(".sessions-table").count(), 0);

  // Signing out ends it: the region page asks for a sign-in again.
  await gotoHydrated(page, `${env.server.base}/`);
  await page.click("#sign-out");
  await page.waitForSelector("#nav-sign-in");
  await page.goto(`${env.server.base}/my-region`);
  await page.waitForURL(/\/sign-in/);
  await page.context().close();
});

test("a wrong password is refused with a message", async () => {
  const page = await newPage(env.browser, { javaScriptEnabled: false });
  await page.goto(`${env.server.base}/sign-in`);
  await page.fill("#email", USERS.operator.email);
  await page.fill("#password", "bukan-sandinya-sama-sekali");
  await page.click("#sign-in");
  await page.waitForSelector("#sign-in-error");
  assert.equal(await page.textContent("#sign-in-error"), "Alamat email atau kata sandi salah.");
  assert.equal((await page.context().cookies()).filter((c) => c.name === "simpul_sign_in").length, 0);
  await page.context().close();
});

test("an admin adds an operator for Bengkulu", async () => {
  const page = await newPage(env.browser);
  await signIn(page, env.server.base, "admin");
  await gotoHydrated(page, `${env.server.base}/admin/users`);
  // An address already in use is refused next to the field, and nothing is saved.
  await page.fill("#user-email", USERS.organizer.email);
  await page.fill("#user-name", "Operator Bengkulu");
  await page.selectOption("#user-role", "operator");
  await page.selectOption("#user-region", "17");
  await page.fill("#user-password", "sandi-awal-bengkulu-1");
  await page.click("#create-user");
  await page.waitForSelector("#user-email-error:has-text('sudah dipakai')");
  await page.fill("#user-email", "operator@bengkuluprov.go.id");
  await page.click("#create-user");
  const row = page.locator("#users tr", { hasText: "operator@bengkuluprov.go.id" });
  await row.waitFor();
  assert.match(await row.textContent(), /Operator daerah · Bengkulu/);
  await page.context().close();
});
