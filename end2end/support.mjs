// Shared set-up for the browser tests: a real Simpul server (the debug binary that
// `make test` builds) on a free loopback port with a fresh SQLite file and the demo
// data, and Debian's Chromium driven by playwright-core.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "..");
const BINARY = process.env.SIMPUL_BINARY ?? join(ROOT, "target/debug/simpul");
const SITE_ROOT = process.env.SIMPUL_SITE_ROOT ?? join(ROOT, "target/site");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The password of every test user. */
export const PASSWORD = "kata-sandi-uji-e2e-2026";

/** The test users, made with `simpul user create` as an admin would on a new machine. */
export const USERS = {
  admin: { email: "admin@kemendagri.go.id", args: ["--role", "admin"] },
  organizer: { email: "panitia@kemendagri.go.id", args: ["--role", "organizer"] },
  operator: {
    email: "operator@kesbangpol.jabarprov.go.id",
    args: ["--role", "operator", "--region", "32", "--name", "Operator Kesbangpol Jabar"],
  },
};

function createUsers(databaseUrl) {
  for (const { email, args } of Object.values(USERS)) {
    const result = spawnSync(BINARY, ["user", "create", "--email", email, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: "warn" },
      input: `${PASSWORD}\n`,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`user create ${email}: ${result.stderr}`);
  }
}

/** Signs in with fetch (no browser) and returns the cookie header value. */
export async function signInCookie(base, who) {
  const response = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: USERS[who].email, password: PASSWORD, next: "/" }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("simpul_sign_in="));
  if (!cookie) throw new Error(`sign-in as ${who} failed: ${response.status}`);
  return cookie.split(";")[0];
}

/**
 * Creates a session through the JSON API as the organizer (as a script would) and
 * publishes it; returns its id and the organizer's cookie.
 */
export async function publishSession(base, fields) {
  const cookie = await signInCookie(base, "organizer");
  const headers = { cookie, "content-type": "application/json" };
  const created = await fetch(`${base}/api/v1/sessions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ organizer_unit: "Direktorat Politik Dalam Negeri", ...fields }),
  });
  if (created.status !== 201) throw new Error(`create session: ${created.status} ${await created.text()}`);
  const { id } = await created.json();
  const published = await fetch(`${base}/api/v1/sessions/${id}/publish`, { method: "POST", headers });
  if (published.status !== 200) throw new Error(`publish session ${id}: ${published.status}`);
  return { id, cookie };
}

/** Signs a page's browser context in (the cookie lands in the context's jar). */
export async function signIn(page, base, who) {
  const response = await page.context().request.post(`${base}/sign-in`, {
    form: { email: USERS[who].email, password: PASSWORD, next: "/" },
    maxRedirects: 0,
  });
  if (response.status() !== 303) throw new Error(`sign-in as ${who}: ${response.status()}`);
}

/**
 * Starts the server with demo data and the test users; returns its base URL and a stop
 * function.
 */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "simpul-e2e-"));
  const port = await freePort();
  const databaseUrl = `sqlite://${join(dir, "simpul.db")}`;
  createUsers(databaseUrl);
  const child = spawn(BINARY, ["--demo"], {
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: SITE_ROOT,
      DATABASE_URL: databaseUrl,
      SIMPUL_DATA_DIR: join(dir, "data"),
      RUST_LOG: process.env.SIMPUL_E2E_LOG ?? "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, stop };
}

/**
 * Launches Chromium with a pinned locale and time zone (so dates do not depend on the
 * machine) and the flags this offline machine needs.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

export async function newPage(browser, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    locale: "id-ID",
    timezoneId: "Asia/Jakarta",
    javaScriptEnabled,
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("[pageerror]", error.message));
  return page;
}

/** Loads a page and waits until the WebAssembly has been fetched and has hydrated. */
export async function gotoHydrated(page, url) {
  const wasm = page.waitForResponse((r) => r.url().endsWith(".wasm"), { timeout: 60000 });
  await page.goto(url);
  const response = await wasm;
  if (response.status() !== 200) throw new Error(`wasm answered ${response.status()}`);
  await page.waitForFunction(() => document.body.dataset.hydrated === "true", null, { timeout: 60000 });
}

/**
 * Starts a server and a browser before the tests of a file and stops both after.
 * Returns an object whose `server` and `browser` are set once they are up.
 */
export function useServerAndBrowser() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
