import { expect, test } from "@playwright/test";
import { createAccount, PASSWORD, signIn } from "../support/accounts";
import { DEVICE_COOKIE, expectDeviceCookie } from "../support/device-cookie";
import { saveScreenshot } from "../support/screenshots";
import { clientAddresses, expectStackSecretKnown, internalMutation } from "../support/stack";

/**
 * OWASP device cookies: a stranger who spends the account's shared failure budget (guessing
 * from many addresses) locks out new browsers, never the ones the owner already signed in with.
 */
test.describe("device cookie", () => {
  test("after the account's budget is spent from many clients, the owner's browser still signs in and a new one is refused", async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    await expectStackSecretKnown();
    const { email, name } = await createAccount(page, "Otto Owner");
    const deviceToken = await expectDeviceCookie(page.context());
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    // A malformed device cookie is ignored (not sent to the API) and replaced at sign-in.
    const junkContext = await browser.newContext();
    await junkContext.addCookies([{ name: DEVICE_COOKIE, value: "not-a-device-token", url: baseURL! }]);
    const junk = await junkContext.newPage();
    await signIn(junk, email);
    await expect(junk).toHaveURL(/\/app$/);
    expect(await expectDeviceCookie(junkContext)).not.toBe(deviceToken);
    await junkContext.close();

    // The attack: wrong passwords from a new client address each, through the API as the web
    // server would forward them, until the account's shared budget refuses.
    const nextAddress = clientAddresses();
    let failures = 0;
    let lockedOut = false;
    for (let round = 0; round < 20 && !lockedOut; round++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          internalMutation("auth.signIn", { email, password: `wrong-guess-${round}-${i}` }, nextAddress()),
        ),
      );
      for (const answer of answers) {
        if (answer.status === 401) failures++;
        else if (answer.status === 429 && answer.error?.data?.details?.limit === "authAccount") lockedOut = true;
        else throw new Error(`unexpected answer to a guess: ${answer.status} ${JSON.stringify(answer.error)}`);
      }
    }
    expect(lockedOut, `the account's budget refused after ${failures} failures`).toBe(true);

    // A browser that never signed in to this account is refused, with the wait and a way out.
    const freshContext = await browser.newContext();
    const fresh = await freshContext.newPage();
    await signIn(fresh, email, PASSWORD);
    const refusal = fresh.locator("#form-error");
    await expect(refusal).toContainText(/Too many failed sign-ins\. Try again in about \d+ minutes, or reset your password\./);
    await expect(refusal.getByRole("link", { name: "Reset your password" })).toHaveAttribute("href", "/forgot-password");
    await expect(fresh).toHaveURL(/\/sign-in/);
    await saveScreenshot(fresh, "sign-in-locked-out-1280");
    await fresh.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(fresh, "sign-in-locked-out-375");
    await freshContext.close();

    // The owner's browser presents its device cookie and gets in; the cookie is kept.
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText(name);
    expect(await expectDeviceCookie(page.context())).toBe(deviceToken);
  });
});
