/**
 * The HTML report renders in headless Chromium with no network: its three charts draw
 * (non-blank canvas pixels, legends and labels present), the probe table flags a never-hit
 * probe, and each failure's timeline SVG has lanes, fault markers and one highlighted failing
 * event. A screenshot goes to a temp folder. Without Chromium the test skips loudly, except
 * under CI=true, where that is an error.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeReports } from '../../../sim/report/write-reports.ts';
import { runnerPath, sweepWith, tempDir } from '../../support/sweep-harness.ts';
import { STAND_IN_PROBES } from '../../support/sweep-stand-in.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumPresent(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} not found: the HTML report rendering test is SKIPPED`;
  if (process.env.CI === 'true') throw new Error(`${message} (not allowed under CI=true)`);
  console.warn(`\n!!!!!!!!!! ${message}. Install Debian's chromium package to run it. !!!!!!!!!!\n`);
  return false;
}

interface CanvasCheck {
  id: string;
  inkPixels: number;
  legend: string[];
  labels: string[];
  title: string;
}

/**
 * Runs in the page (kept as source text, since the project compiles without DOM types): for
 * each chart, the count of painted canvas pixels and what Chart.js says it drew.
 */
const CANVAS_PROBE = `['chart-throughput', 'chart-invariants', 'chart-scenarios'].map((id) => {
  const canvas = document.getElementById(id);
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inkPixels = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inkPixels++;
  const chart = Chart.getChart(canvas);
  return {
    id,
    inkPixels,
    legend: chart.legend.legendItems.map((item) => item.text),
    labels: (chart.data.labels || []).map(String),
    title: String(chart.options.plugins.title.text),
  };
})`;

describe('HTML report', () => {
  it('renders its charts, probe table and failure timelines in headless Chromium', async () => {
    if (!chromiumPresent()) return;
    const dir = tempDir('html');
    const run = await sweepWith(runnerPath('dying-runner'), {
      seeds: 30,
      ops: 80,
      workers: 2,
      traceDir: join(dir, 'traces'),
    });
    const report = { ...run.report, probe_catalogue: [...STAND_IN_PROBES, 'recovery.never'] };
    const htmlPath = join(dir, 'report.html');
    writeReports(report, [htmlPath]);
    const traced = report.failures.filter((f) => f.timeline !== null);
    expect(traced.length).toBeGreaterThan(0);
    expect(report.failures.some((f) => f.kind === 'worker-died')).toBe(true);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const external: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) external.push(request.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(pathToFileURL(htmlPath).href);
      await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
      expect(errors).toEqual([]);
      expect(external).toEqual([]);

      const canvases = (await page.evaluate(CANVAS_PROBE)) as CanvasCheck[];
      const [throughput, invariants, scenarios] = canvases as [CanvasCheck, CanvasCheck, CanvasCheck];
      for (const canvas of canvases) expect(canvas.inkPixels, canvas.id).toBeGreaterThan(2000);
      expect(throughput.title).toBe('seeds/s over the run');
      expect(throughput.legend).toEqual([report.throughput[0]?.label]);
      expect(invariants.legend).toEqual(['failures']);
      expect(invariants.labels.sort()).toEqual(
        [...new Set(report.signatures.map((s) => s.invariant))].sort(),
      );
      expect(scenarios.labels).toEqual(Object.keys(report.scenarios));

      expect(await page.locator('#probes tr.never-hit').allInnerTexts()).toEqual([
        expect.stringContaining('recovery.never'),
      ]);
      expect(await page.locator('#probes tr.hit').count()).toBe(STAND_IN_PROBES.length);
      expect(await page.locator('#signatures tr').count()).toBe(report.signatures.length + 1);

      const timelines = page.locator('section.failure svg.timeline');
      expect(await timelines.count()).toBe(traced.length);
      const first = timelines.first();
      expect(await first.locator('rect.lane').count()).toBe((traced[0]?.timeline?.clients.length ?? 0) + 1);
      expect(await first.locator('.ev.marker-crash').count()).toBeGreaterThan(0);
      expect(await first.locator('.ev.marker-power').count()).toBeGreaterThan(0);
      expect(await first.locator('.ev.marker-disk').count()).toBeGreaterThan(0);
      expect(await first.locator('.failing-event').count()).toBe(1);
      expect(await first.locator('rect.failing.band').count()).toBe(1);
      expect(await first.locator('.legend .key').count()).toBe(6);
      expect(await first.locator('.failing-event + title').textContent()).toMatch(
        new RegExp(`^#${traced[0]?.event_index} `),
      );
      const box = await first.boundingBox();
      expect(box?.width).toBeGreaterThan(800);
      expect(await page.locator('section.failure pre.replay').count()).toBe(report.failures.length);

      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      console.log(`HTML report screenshot: ${screenshot}`);
    } finally {
      await browser.close();
    }
  });
});
