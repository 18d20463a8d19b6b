/** With FIELDNOTE_SHOTS=<folder>, saves the page at the two sizes UI changes are checked at. */
import type { Page } from '@playwright/test';

export async function shots(page: Page, name: string): Promise<void> {
  const folder = process.env.FIELDNOTE_SHOTS;
  if (!folder) return;
  const before = page.viewportSize();
  for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${folder}/${name}-${width}x${height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}
