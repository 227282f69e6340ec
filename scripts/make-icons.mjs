// Renders public/icons/*.svg to the PNG sizes the web app manifest needs, with Chromium.
// Run by hand after changing an icon: node scripts/make-icons.mjs (the PNGs are committed).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-512.png', 512],
  ['icon.svg', 'apple-touch-icon.png', 180],
];
for (const [svg, png, size] of jobs) {
  await page.setViewportSize({ width: size, height: size });
  const src = readFileSync(`public/icons/${svg}`, 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${src.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: `public/icons/${png}`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}
await browser.close();
