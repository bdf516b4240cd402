import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from './auth';

/**
 * What browser tests of forms share: signing in through the real sign-in form, and
 * pressing a button that navigates (waiting for the page it leads to).
 */

/** Signs in at /sign-in as a person does and waits for the dashboard (or `next`). */
export async function signInThroughForm(
  page: Page,
  baseUrl: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL(`${baseUrl}/`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** Presses the button and waits for the page the form post leads to. */
export async function press(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
  ]);
}

/** The visible text of the page's main region. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/** The page is no wider than the window: nothing scrolls sideways. */
export async function assertNoHorizontalScroll(page: Page): Promise<void> {
  const widths = (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  )) as { scroll: number; client: number };
  assert.ok(
    widths.scroll <= widths.client,
    `${page.url()} is ${widths.scroll}px wide in a ${widths.client}px window`,
  );
}
