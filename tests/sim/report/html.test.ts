/**
 * The HTML report renders in headless Chromium with no network: its three charts draw
 * (non-blank canvas pixels, legends and labels present), the probe table flags a never-hit
 * probe among the reachable ones and lists the unreachable ones apart with their reasons,
 * findings and harness failures (a dead worker) sit in separate tables and sections, failures
 * are grouped by signature in groups that collapse and expand, the filter box narrows them,
 * and each failure's timeline SVG has lanes, fault markers, one highlighted failing event and
 * an axis in milliseconds relative to it. A stopped sweep's report says it is incomplete. A
 * screenshot goes to a temp folder. Without Chromium the test skips loudly, except under
 * CI=true, where that is an error.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isHarnessSignature } from '../../../sim/report/harness-failures.ts';
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
    const report = {
      ...run.report,
      probe_catalogue: [...STAND_IN_PROBES, 'recovery.never', 'fault.bit_rot'],
      probe_unreachable: {
        'fault.bit_rot': 'no world of this sweep switches on bit-rot',
        'fault.crash': 'listed unreachable, yet hit: judged with the others',
      },
    };
    const htmlPath = join(dir, 'report.html');
    writeReports(report, [htmlPath]);
    const stoppedPath = join(dir, 'stopped.html');
    writeReports({ ...report, complete: false, stopped_by: 'SIGTERM', seeds_abandoned: 3 }, [stoppedPath]);
    const findings = report.signatures.filter((s) => !isHarnessSignature(s));
    const harness = report.signatures.filter(isHarnessSignature);
    expect(findings.length).toBeGreaterThan(0);
    expect(harness.map((s) => s.signature)).toEqual(['worker-died -']);
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
      expect(invariants.title).toBe('findings by invariant');
      expect(invariants.labels.sort()).toEqual([...new Set(findings.map((s) => s.invariant))].sort());
      expect(invariants.labels).not.toContain('worker-died');
      expect(scenarios.labels).toEqual(Object.keys(report.scenarios));

      expect(await page.locator('#probes tr.never-hit').allInnerTexts()).toEqual([
        expect.stringContaining('recovery.never'),
      ]);
      expect(await page.locator('#probes tr.hit').count()).toBe(STAND_IN_PROBES.length);
      expect(await page.locator('#probes').textContent()).not.toContain('fault.bit_rot');
      expect(await page.locator('#probes-unreachable tr.unreachable').allTextContents()).toEqual([
        expect.stringMatching(/^fault\.bit_rot\s*no world of this sweep switches on bit-rot$/),
      ]);
      expect(await page.locator('#signatures tr').count()).toBe(findings.length + 1);
      expect(await page.locator('#harness-signatures tr').count()).toBe(harness.length + 1);
      expect(await page.locator('#harness-signatures').textContent()).toContain('worker-died');
      expect(await page.locator('#signatures').textContent()).not.toContain('worker-died');
      expect(await page.locator('#incomplete').count()).toBe(0);

      // Failures: grouped by signature, findings and harness failures apart.
      const groups = page.locator('details.group');
      expect(await groups.count()).toBe(report.signatures.length);
      expect(await page.locator('#harness-groups section.failure').count()).toBe(
        report.failures.filter((f) => f.kind !== 'invariant').length,
      );
      expect(await page.locator('#finding-groups section.failure').count()).toBe(
        report.failures.filter((f) => f.kind === 'invariant').length,
      );
      await page.click('#collapse-all');
      expect(await page.locator('details.group[open]').count()).toBe(0);
      expect(await page.locator('section.failure').first().isVisible()).toBe(false);
      await page.click('#expand-all');
      expect(await page.locator('details.group[open]').count()).toBe(report.signatures.length);
      const total = report.failures.length;
      expect(await page.locator('#filter-count').textContent()).toBe(`${total} failure(s)`);
      await page.click('#collapse-all');
      await page.fill('#failure-filter', 'no-such-failure-xyz');
      expect(await page.locator('#filter-count').textContent()).toBe(`0 of ${total} failure(s) match`);
      expect(await page.locator('details.group:visible').count()).toBe(0);
      await page.fill('#failure-filter', 'Worker Died With');
      expect(await page.locator('#filter-count').textContent()).toBe(`1 of ${total} failure(s) match`);
      expect(await page.locator('section.failure:visible').count()).toBe(1);
      expect(await page.locator('#harness-groups section.failure').first().isVisible()).toBe(true);
      expect(await page.locator('#finding-groups details.group:visible').count()).toBe(0);
      await page.fill('#failure-filter', '');
      await page.click('#expand-all');
      expect(await page.locator('section.failure:visible').count()).toBe(total);

      const timelines = page.locator('section.failure svg.timeline');
      expect(await timelines.count()).toBe(traced.length);
      const first = page.locator(`section.failure[data-seed="${traced[0]?.seed}"] svg.timeline`);
      expect(await first.locator('rect.lane').count()).toBe((traced[0]?.timeline?.clients.length ?? 0) + 1);
      expect(await first.locator('.ev.marker-crash').count()).toBeGreaterThan(0);
      expect(await first.locator('.ev.marker-power').count()).toBeGreaterThan(0);
      expect(await first.locator('.ev.marker-disk').count()).toBeGreaterThan(0);
      expect(await first.locator('.failing-event').count()).toBe(1);
      expect(await first.locator('rect.failing.band').count()).toBe(1);
      expect(await first.locator('.legend .key').count()).toBe(6);
      expect(await first.locator('.failing-event + title').textContent()).toMatch(
        new RegExp(`^#${traced[0]?.event_index} at 0 ms from the failing event`),
      );
      // The axis counts from the failing event, not from the world's calendar epoch.
      expect(await first.locator('.axis-failing').textContent()).toBe(
        `failing #${traced[0]?.event_index} (0 ms)`,
      );
      expect(await first.locator('.axis-start').textContent()).toMatch(/^#\d+ \((-\d+|0) ms\)$/);
      expect(await first.locator('.axis-end').textContent()).toMatch(/^#\d+ \((\+\d+|0) ms\)$/);
      const box = await first.boundingBox();
      expect(box?.width).toBeGreaterThan(800);
      expect(await page.locator('section.failure pre.replay').count()).toBe(report.failures.length);

      await page.goto(pathToFileURL(stoppedPath).href);
      await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
      expect(await page.locator('#incomplete').textContent()).toMatch(
        /^incomplete: stopped by SIGTERM; the figures cover the \d+ seeds that finished, 3 more were cut off unfinished\.$/,
      );
      expect(await page.locator('h1').textContent()).toMatch(/\(incomplete\)$/);

      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      console.log(`HTML report screenshot: ${screenshot}`);
    } finally {
      await browser.close();
    }
  });
});
