import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); browser tests never download a browser. */
export const chromiumPath = '/usr/bin/chromium';

/** Whether the browser tests can run here. */
export const chromiumInstalled = existsSync(chromiumPath);

/**
 * True where a missing Chromium must fail the browser tests (CI sets CI=true and .ci/run installs
 * it); elsewhere they are listed as not run, with a warning saying how to run them.
 */
export const browserRequired = process.env.CI === 'true';

if (!chromiumInstalled) {
  const consequence = browserRequired ? 'the browser tests FAIL' : 'the browser tests are NOT RUN';
  process.stderr.write(
    `\n*** ${chromiumPath} is missing: ${consequence}. Install it with \`apt-get install -y chromium\`. ***\n\n`,
  );
}

/** A headless Chromium page that records every page error and console error in `problems`. */
export interface TestBrowser {
  browser: Browser;
  page: Page;
  /** Uncaught page exceptions and console errors, in order; a test expects none. */
  problems: string[];
}

/** Launches Debian's Chromium with the flags that work in containers (no sandbox, no GPU). */
export async function launchTestBrowser(): Promise<TestBrowser> {
  if (!chromiumInstalled) {
    throw new Error(`${chromiumPath} is missing: install it with \`apt-get install -y chromium\`.`);
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const problems: string[] = [];
  const page = await openWatchedPage(browser, problems);
  return { browser, page, problems };
}

/**
 * A page in a context of its own (its own cookies: a second signed-in user) whose page and
 * console errors are recorded in `problems`, as the first page's are.
 */
export async function openWatchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' || isSignedOutProbe(message)) return;
    problems.push(`console error: ${message.text()}`);
  });
  return page;
}

/**
 * The one error a signed-out visit logs: Chromium reports the 401 of `GET /api/admin/me`, which is
 * how the app learns nobody is signed in (until the admin API has an answer for that which is not
 * an error). Every other failed request still counts.
 */
function isSignedOutProbe(message: ConsoleMessage): boolean {
  return (
    message.text().includes('status of 401') && new URL(message.location().url).pathname === '/api/admin/me'
  );
}
