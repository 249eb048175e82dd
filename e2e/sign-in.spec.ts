// Sign-in mode against a real OpenID Connect provider (e2e/oidc-idp.ts, started by the test set-up
// on loopback): no page and no API call without a session; signing in through the provider;
// the first administrator from the one-time step; a member; signing out.
import { expect, test, type Page } from "@playwright/test";
import { attackerSite, watchConsole } from "./helpers";

const base = `http://localhost:${Number(process.env.E2E_SIGNIN_PORT ?? 3109)}`;
test.use({ baseURL: base });

/** The provider's development login form takes any login, then asks for consent once. */
async function signInAtProvider(page: Page, login: string) {
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
  await page.waitForURL((url) => url.origin === base);
}

test("nothing opens without a session: pages go to the sign-in page, the API answers 401", async ({ page, request }) => {
  await page.goto("/incidents/00000000-0000-4000-8000-000000000000");
  await expect(page).toHaveURL(`${base}/signin?next=%2Fincidents%2F00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole("heading", { name: "Sign in to Hindsight" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("sign-in.png") });
  const res = await request.get("/api/incidents");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("unauthorized");
  expect((await request.post("/api/incidents", { data: { title: "anonymous" } })).status()).toBe(401);
});

test("the first administrator signs in through the provider, works, and signs out", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?next=%2F$/);
  await signInAtProvider(page, "admin");
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveText("Admin · admin"); // named by the provider on first sign-in
  await page.screenshot({ path: test.info().outputPath("signed-in.png") });

  // The session cookie is the browser's only credential: HttpOnly, SameSite=Lax.
  const cookie = (await page.context().cookies()).find((c) => c.name === "hindsight_session")!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  const title = `signed-in incident ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByTestId("incident-title")).toHaveText(title);
  const me = await page.request.get("/api/auth/me");
  expect((await me.json()).user).toMatchObject({ email: "admin@example.test", role: "admin" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/incidents")).status()).toBe(401);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  // Only this app's pages count (the provider's login page asks the internet for a font); 401s after signing out are expected.
  expect(problems.filter((p) => p.includes(`@ ${base}`) && !/401/.test(p))).toEqual([]);
});

test("someone new from the provider becomes a member, and may not administer", async ({ page }) => {
  await page.goto("/");
  await signInAtProvider(page, "ana");
  await expect(page.getByTestId("signed-in-user")).toHaveText("Ana");
  expect((await page.request.get("/api/incidents")).status()).toBe(200);
  const admin = await page.request.get("/api/admin/sessions");
  expect(admin.status()).toBe(403);
  expect((await admin.json()).error.code).toBe("forbidden");
});

test("a password account signs in on the same page", async ({ page, browser }) => {
  // The administrator creates it, as a team without an identity provider would.
  const adminContext = await browser.newContext({ baseURL: base });
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/");
  await signInAtProvider(adminPage, "admin");
  const email = `bo-${Date.now()}@example.test`;
  const created = await adminPage.request.post("/api/admin/users", { data: { email, name: "Bo", password: "a long enough secret" }, headers: { origin: base } });
  expect(created.status()).toBe(201);
  await adminContext.close();

  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("wrong password!");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("form", { name: "Sign in with a password" }).locator("..").getByText("Wrong email or password.")).toHaveAttribute("role", "alert");
  await page.getByLabel("Password", { exact: true }).fill("a long enough secret");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText("Bo");
});

/** A password account made by the administrator, signed in in its own browser context. */
async function passwordUser(browser: import("@playwright/test").Browser, admin: Page, name: string) {
  const email = `${name.toLowerCase()}-${Date.now()}@example.test`;
  expect((await admin.request.post("/api/admin/users", { data: { email, name, password: "a long enough secret" } })).status()).toBe(201);
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a long enough secret");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(name);
  return { email, page, close: () => context.close() };
}

test("an owner restricts an incident and invites a viewer, who reads but cannot edit; others do not see it", async ({ page, browser }) => {
  await page.goto("/");
  await signInAtProvider(page, "admin");
  const vera = await passwordUser(browser, page, "Vera");
  const otto = await passwordUser(browser, page, "Otto");
  try {
    const title = `restricted ${Date.now()}`;
    const { id } = await (await page.request.post("/api/incidents", { data: { title } })).json();
    await page.goto(`/incidents/${id}`);
    const access = page.getByRole("region", { name: "Access" });
    await access.getByLabel("Visibility").selectOption("restricted");
    await access.getByLabel("Email to invite").fill(vera.email);
    await access.getByLabel("Role to give").selectOption("viewer");
    await access.getByRole("button", { name: "Invite" }).click();
    await expect(access.getByRole("table", { name: "People" })).toContainText("Vera");
    await expect(access.getByLabel("Role of Vera")).toHaveValue("viewer");
    await page.screenshot({ path: test.info().outputPath("access-panel.png"), fullPage: true });

    // The viewer: listed, readable, nothing to edit, and the API agrees.
    await vera.page.goto("/");
    await expect(vera.page.getByRole("row").filter({ hasText: title })).toBeVisible();
    await vera.page.goto(`/incidents/${id}`);
    await expect(vera.page.getByTestId("incident-title")).toHaveText(title);
    await expect(vera.page.getByTestId("read-only-banner")).toBeVisible();
    await expect(vera.page.getByRole("button", { name: "Edit" })).toHaveCount(0);
    await expect(vera.page.getByText("Drop evidence files here")).toHaveCount(0);
    await expect(vera.page.getByRole("region", { name: "Access" })).toHaveCount(0);
    const edit = await vera.page.request.patch(`/api/incidents/${id}`, { data: { summary: "viewer was here" } });
    expect(edit.status()).toBe(403);
    expect((await edit.json()).error.code).toBe("forbidden");

    // Someone not invited: not in the list, and the page is not found.
    await otto.page.goto("/");
    await expect(otto.page.getByRole("heading", { name: "Incidents" })).toBeVisible();
    await expect(otto.page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
    const res = await otto.page.goto(`/incidents/${id}`);
    expect(res?.status()).toBe(404);
    expect((await otto.page.request.get(`/api/incidents/${id}`)).status()).toBe(403);
  } finally {
    await vera.close();
    await otto.close();
  }
});

test("a public share link opens its view read-only for a browser with no account, until it is revoked", async ({ page, browser }) => {
  await page.goto("/");
  await signInAtProvider(page, "admin");
  const { id } = await (await page.request.post("/api/incidents", { data: { title: `shared ${Date.now()}`, visibility: "restricted" } })).json();
  await page.goto(`/incidents/${id}`);
  const access = page.getByRole("region", { name: "Access" });
  await access.getByRole("button", { name: "Create read-only link" }).click();
  const url = (await access.getByTestId("new-share-link").locator(".mono").textContent())!;
  expect(url).toMatch(new RegExp(`^${base}/s/[\\w-]{30,}$`));

  const stranger = await browser.newContext({ baseURL: base });
  const visitor = await stranger.newPage();
  await visitor.goto(url);
  await expect(visitor).toHaveURL(`${base}/incidents/${id}`);
  await expect(visitor.getByTestId("read-only-banner")).toBeVisible();
  expect((await visitor.request.patch(`/api/incidents/${id}`, { data: { summary: "x" } })).status()).toBe(403);
  expect((await visitor.request.get("/api/incidents")).status()).toBe(403);

  await access.getByRole("button", { name: "Revoke" }).click();
  await expect(access.getByText("· revoked")).toBeVisible();
  await visitor.reload();
  await expect(visitor).toHaveURL(/\/signin/);
  await stranger.close();
});

test("a page on another site cannot write with a signed-in user's session", async ({ page }) => {
  await page.goto("/");
  await signInAtProvider(page, "admin");
  const title = `csrf with a session ${Date.now()}`;
  const site = await attackerSite(`<form id=f method=POST action="${base}/api/incidents" enctype="text/plain">
    <input name='{"title":"${title}","x":"' value='"}'></form>
    <script>fetch("${base}/api/incidents", { method: "POST", mode: "no-cors", credentials: "include", body: JSON.stringify({ title: "${title}" }) });
    setTimeout(() => document.getElementById("f").submit(), 300)</script>`);
  try {
    const answers: number[] = [];
    page.on("response", (r) => r.url() === `${base}/api/incidents` && r.request().method() === "POST" && answers.push(r.status()));
    await page.goto(site.url);
    await expect.poll(() => answers.length).toBe(2);
    expect(answers.every((s) => s === 401 || s === 403)).toBe(true);
    const { incidents } = await (await page.request.get("/api/incidents?limit=1000")).json();
    expect(incidents.filter((i: { title: string }) => i.title === title)).toEqual([]);
  } finally {
    site.close();
  }
});

test("an administrator manages tokens and sessions from the administration page", async ({ page, playwright }) => {
  await page.goto("/");
  await signInAtProvider(page, "admin");
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Token name").fill("jira automation");
  await tokens.getByLabel("Ticket prefix").fill("OPS-");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const secret = (await tokens.getByTestId("new-token").locator(".mono").textContent())!;
  expect(secret).toMatch(/^hs_/);
  await expect(tokens.getByRole("row").filter({ hasText: "jira automation" }).first()).toContainText("uploads:write (tickets OPS-…)");
  await expect(page.getByRole("region", { name: "Sessions" }).getByRole("row").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("admin.png"), fullPage: true });

  // The automation has no browser session: only the token.
  const automation = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect((await automation.get("/api/incidents?ticket=OPS-1")).status()).toBe(200);
  await tokens.getByRole("row").filter({ hasText: "jira automation" }).first().getByRole("button", { name: "Revoke" }).click();
  await expect(tokens.getByRole("row").filter({ hasText: "jira automation" }).first()).toContainText("revoked");
  expect((await automation.get("/api/incidents?ticket=OPS-1")).status()).toBe(401);
  await automation.dispose();
});
