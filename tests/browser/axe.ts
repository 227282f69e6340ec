import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

export interface AxeFinding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (every rule, the experimental ones included: label-content-name-mismatch is one)
 * on the page as it is now, and returns its serious and critical violations. A book's own pages
 * (the EPUB reader's iframes) are the book's, not the app's: they are left out.
 */
export async function axeFindings(page: Page, label: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE); // DevTools evaluation: the app's CSP (rightly) refuses an injected inline script
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    axe.configure({ rules: axe.getRules(['experimental']).map((r) => ({ id: r.ruleId, enabled: true })) });
    const result = await axe.run({ exclude: [['.epub-viewer iframe']] } as never, { iframes: false, resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ rule: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return found.map((f) => ({ page: label, ...f }));
}
