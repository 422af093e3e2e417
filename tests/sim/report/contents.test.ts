/**
 * What the reports say, checked on hand-built data: signatures deduplicate by invariant and
 * command, merges add up and refuse overlapping or mismatched shards, the Markdown carries
 * the summary and replay commands, the trace reader cuts a window around the failing event
 * and sorts faults into markers, and the probe catalogue comes from the code's one catalogue.
 * Merges also refuse shards of different commits, two reports of one shard and hand-edited
 * totals, and flag stopped or missing shards; coverage judges only the probes a sweep's
 * worlds can reach.
 */
import { describe, expect, it } from 'vitest';
import { PROBE_NAMES, UNREACHABLE_PROBES } from '../../../faults/probes.ts';
import { renderMarkdown } from '../../../sim/report/markdown.ts';
import { mergeReports } from '../../../sim/report/merge-reports.ts';
import { probeCatalogue } from '../../../sim/report/probe-catalogue.ts';
import { neverHitProbes, unreachableRows } from '../../../sim/report/probe-coverage.ts';
import { faultKindsPossible, unreachableProbes } from '../../../sim/report/probe-reachability.ts';
import { parseReport } from '../../../sim/report/read-report.ts';
import { addSignatures } from '../../../sim/report/signature.ts';
import {
  faultMarker,
  TIMELINE_EVENTS_AFTER,
  TIMELINE_EVENTS_BEFORE,
  timelineOf,
  traceEvents,
} from '../../../sim/report/trace-timeline.ts';
import {
  type FailureRecord,
  REPORT_FORMAT,
  REPORT_VERSION,
  type Signature,
  type SweepReport,
} from '../../../sim/report/types.ts';

function failure(seed: number, invariant: string, command: string | null, scenario = 'basic'): FailureRecord {
  return {
    seed: String(seed),
    index: seed,
    scenario,
    kind: 'invariant',
    invariant,
    message: `${invariant} broke`,
    command,
    event_index: 3,
    expected: null,
    actual: null,
    trace_path: null,
    shrunk_trace_path: null,
    replay: `bin/vopr run --seed ${seed}`,
    nondeterminism: null,
    timeline: null,
  };
}

function report(shard: number, seeds: number[], failures: FailureRecord[]): SweepReport {
  const signatures = new Map<string, Signature>();
  addSignatures(signatures, failures);
  const failed = new Set(failures.map((f) => f.seed));
  const results = seeds.map((seed) => ({
    index: seed,
    seed: String(seed),
    scenario: 'basic',
    result: failed.has(String(seed)) ? ('fail' as const) : ('pass' as const),
    ops: 10,
    virtual_ms: 100,
    wall_ms: 1,
    trace_hash: `h${seed}`,
  }));
  const totals = {
    seeds: seeds.length,
    passed: seeds.length - failed.size,
    failed: failed.size,
    ops: 10 * seeds.length,
    virtual_ms: 100 * seeds.length,
  };
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    tool: { name: 'redlite-dst', version: '0.1.0', git: 'abc' },
    host: { hostname: `host${shard}`, platform: 'linux', arch: 'x64', cpus: 2, node: 'v20' },
    started_at: `2026-01-01T00:00:0${shard}.000Z`,
    ended_at: `2026-01-01T00:00:1${shard}.000Z`,
    wall_ms: 10_000,
    options: { from: '0', seeds: 6, shards: 2 },
    shards: [
      {
        index: shard,
        count: 2,
        host: `host${shard}`,
        started_at: '',
        ended_at: '',
        wall_ms: 10_000,
        seeds: seeds.length,
        workers: 2,
        workers_replaced: 0,
        parent_cpu_ms: 30 * (shard + 1),
      },
    ],
    totals,
    scenarios: { basic: { ...totals } },
    seeds_per_s: 0,
    ops_per_wall_s: 0,
    virtual_ms_per_wall_s: 0,
    sim_to_real: { basic: { virtual_ms: 100 * seeds.length, wall_ms: seeds.length, ratio: 100 } },
    parent_cpu_s_per_1000_seeds: (30 * (shard + 1)) / seeds.length,
    failures,
    signatures: [...signatures.values()],
    probes: { 'fault.crash': shard + 1 },
    probe_catalogue: ['fault.crash', 'fault.power_loss'],
    throughput: [{ label: `shard ${shard}/2`, samples: [] }],
    workers: [],
    results_complete: true,
    results,
  };
}

describe('report contents', () => {
  it('deduplicates failures by invariant and failing command', () => {
    const into = new Map<string, Signature>();
    addSignatures(into, [
      failure(1, 'reply-matches-model', 'GET'),
      failure(2, 'reply-matches-model', 'GET', 'hostile'),
      failure(3, 'reply-matches-model', 'SET'),
      failure(4, 'seed-timeout', null),
    ]);
    expect([...into.values()].map((s) => [s.signature, s.count, s.example_seed, s.scenarios])).toEqual([
      ['reply-matches-model GET', 2, '1', ['basic', 'hostile']],
      ['reply-matches-model SET', 1, '3', ['basic']],
      ['seed-timeout -', 1, '4', ['basic']],
    ]);
  });

  it('merges shard reports, summing counts, and refuses overlaps and mismatched options', () => {
    const a = report(0, [0, 2, 4], [failure(2, 'reply-matches-model', 'GET')]);
    const b = report(
      1,
      [1, 3, 5],
      [failure(3, 'reply-matches-model', 'GET'), failure(5, 'durable-after-sync', 'SET')],
    );
    const { report: merged, warnings } = mergeReports([
      { path: 'a', report: a },
      { path: 'b', report: b },
    ]);
    expect(warnings).toEqual([]);
    expect(merged.totals).toEqual({ seeds: 6, passed: 3, failed: 3, ops: 60, virtual_ms: 600 });
    expect(merged.results.map((r) => r.seed)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(merged.signatures.map((s) => [s.signature, s.count])).toEqual([
      ['reply-matches-model GET', 2],
      ['durable-after-sync SET', 1],
    ]);
    expect(merged.probes).toEqual({ 'fault.crash': 3 });
    expect(merged.sim_to_real).toEqual({ basic: { virtual_ms: 600, wall_ms: 6, ratio: 100 } });
    expect(merged.parent_cpu_s_per_1000_seeds).toBe(15);
    expect(merged.wall_ms).toBe(11_000);
    expect(merged.seeds_per_s).toBeCloseTo(6 / 11, 3);
    expect(merged.host.hostname).toBe('host0, host1');
    expect(() =>
      mergeReports([
        { path: 'a', report: a },
        { path: 'a2', report: a },
      ]),
    ).toThrow(/listed twice/);
    const other = { ...b, options: { ...b.options, seeds: 7 } };
    expect(() =>
      mergeReports([
        { path: 'a', report: a },
        { path: 'b', report: other },
      ]),
    ).toThrow(/b: its sweep options/);
    expect(mergeReports([{ path: 'a', report: a }]).warnings).toEqual(['shards missing from the merge: 1/2']);
  });

  it('reads back only sweep reports of this version', () => {
    const good = report(0, [0], []);
    expect(parseReport('r.json', JSON.stringify(good)).totals.seeds).toBe(1);
    expect(() => parseReport('r.json', '{')).toThrow(/r\.json: not JSON/);
    expect(() => parseReport('r.json', JSON.stringify({ ...good, format: 'x' }))).toThrow(
      /not a sweep report/,
    );
    expect(() => parseReport('r.json', JSON.stringify({ ...good, version: 99 }))).toThrow(/version 99/);
    expect(() => parseReport('r.json', JSON.stringify({ ...good, results: null }))).toThrow(/"results"/);
  });

  it('writes Markdown with the summary, the signatures, replay commands and never-hit probes', () => {
    const r = report(0, [0, 2, 4], [failure(2, 'reply-matches-model', 'GET')]);
    const markdown = renderMarkdown(r);
    expect(markdown).toContain('# Seed sweep: 1 seed(s) failed');
    expect(markdown).toMatch(/\| 3 \| 2 \| 1 \|/);
    expect(markdown).toContain('| basic | 3 | 2 | 1 | 30 | 0.3 | 100x |');
    const slow = { ...r, sim_to_real: { basic: { virtual_ms: 3, wall_ms: 10, ratio: 0.3 } } };
    expect(renderMarkdown(slow)).toContain('| basic | 3 | 2 | 1 | 30 | 0.3 | 0.3x |');
    expect(markdown).toContain('| `reply-matches-model GET` | 1 | basic | `bin/vopr run --seed 2` |');
    expect(markdown).toContain('  bin/vopr run --seed 2\n');
    expect(markdown).toContain('Never hit: `fault.power_loss`.');
    expect(neverHitProbes(r)).toEqual(['fault.power_loss']);
    expect(renderMarkdown(report(0, [0], []))).toContain('# Seed sweep: all seeds passed');
  });

  it('reads a trace into a timeline window around the failing event', () => {
    const lines = [JSON.stringify({ format: 'redlite-dst-trace', version: 1, seed: '1' })];
    for (let index = 0; index < 1000; index++) {
      if (index === 500)
        lines.push(JSON.stringify({ index, atMs: index, kind: 'fault', fault: 'power-loss', seed: '1' }));
      else
        lines.push(
          JSON.stringify({
            index,
            atMs: index,
            kind: 'op',
            client: index % 3,
            argv: [index % 2 ? 'get' : { b64: 'AA==' }, 'k'],
          }),
        );
    }
    lines.push(JSON.stringify({ outcome: 'fail', events: 1000 }));
    const events = traceEvents(lines.join('\n'));
    expect(events).toHaveLength(1000);
    expect(events[1]?.label).toBe('GET');
    expect(events[0]?.label).toBe('?');
    const timeline = timelineOf(events, 600);
    expect(timeline.events[0]?.index).toBe(600 - TIMELINE_EVENTS_BEFORE);
    expect(timeline.events.at(-1)?.index).toBe(600 + TIMELINE_EVENTS_AFTER);
    expect(timeline.omitted_before).toBe(600 - TIMELINE_EVENTS_BEFORE);
    expect(timeline.omitted_after).toBe(1000 - 601 - TIMELINE_EVENTS_AFTER);
    expect(timeline.clients).toEqual([0, 1, 2]);
    expect(timeline.events.find((e) => e.index === 500)?.marker).toBe('power');
    expect(
      [
        'crash',
        'process-crash',
        'power-loss',
        'torn-write',
        'bit-rot',
        'disk-full',
        'io-error',
        'misdirected-write',
        'mystery',
      ].map(faultMarker),
    ).toEqual(['crash', 'crash', 'power', 'disk', 'disk', 'disk', 'disk', 'disk', 'fault']);
  });

  it('lists the reachable probes of the one catalogue, and leaves the unreachable ones out', () => {
    const names = probeCatalogue();
    expect(names).toEqual(
      expect.arrayContaining([
        'fault.crash',
        'fault.power_loss',
        'recovery.wal_torn_tail',
        'recovery.store_unlistable',
        'sim.state_check',
      ]),
    );
    for (const unreachable of Object.keys(UNREACHABLE_PROBES)) expect(names).not.toContain(unreachable);
    expect(names).toContain('recovery.wal_absent');
    expect(names).toEqual([...new Set(names)].sort());
    expect(names.length + Object.keys(UNREACHABLE_PROBES).length).toBe(PROBE_NAMES.length);
  });

  it('refuses to merge shards of different commits, two reports of one shard, and edited totals', () => {
    const a = report(0, [0, 2, 4], [failure(2, 'reply-matches-model', 'GET')]);
    const b = report(1, [1, 3, 5], []);
    const merge = (...reports: SweepReport[]) =>
      mergeReports(reports.map((r, i) => ({ path: `r${i}.json`, report: r })));
    expect(merge(a, b).report.complete).toBe(true);

    expect(() => merge(a, { ...b, tool: { ...b.tool, git: 'def' } })).toThrow(
      /^r1\.json: it ran commit def, r0\.json ran abc: shards of one sweep run one commit$/,
    );
    // Another sweep's report of shard 1, over other seeds: no seed overlaps, the shard does.
    const rerun = report(1, [7, 9], []);
    expect(() => merge(a, b, rerun)).toThrow(
      /^r2\.json: shard 1\/2 is also in r1\.json: two reports of one shard/,
    );

    const edits: [string, (r: SweepReport) => void, RegExp][] = [
      [
        'failed',
        (r) => {
          r.totals.failed = 0;
        },
        /totals \(seeds\) say 3 but its own records give 2/,
      ],
      [
        'passed and failed',
        (r) => {
          r.totals.passed = 3;
          r.totals.failed = 0;
          r.scenarios.basic = { ...r.totals };
          r.signatures = [];
        },
        /totals \(passed\) say 3 but its own records give 2/,
      ],
      [
        'ops',
        (r) => {
          r.totals.ops = 31;
        },
        /totals \(ops\) say 31 but its own records give 30/,
      ],
      [
        'shard seeds',
        (r) => {
          (r.shards[0] as { seeds: number }).seeds = 4;
        },
        /say 3 but its own records give 4/,
      ],
      [
        'signatures',
        (r) => {
          (r.signatures[0] as Signature).count = 2;
        },
        /totals \(failed\) say 1 but its own records give 2/,
      ],
    ];
    for (const [what, edit, message] of edits) {
      const edited = structuredClone(a);
      edit(edited);
      expect(() => merge(edited, b), what).toThrow(message);
      expect(() => merge(edited, b), what).toThrow(/was the report edited\? \(refusing to merge it\)$/);
    }
  });

  it('flags a stopped or missing shard, and marks the merged report incomplete', () => {
    const a = report(0, [0, 2, 4], []);
    const b = { ...report(1, [1, 3], []), complete: false, stopped_by: 'SIGTERM', seeds_abandoned: 2 };
    const { report: merged, warnings } = mergeReports([
      { path: 'a.json', report: a },
      { path: 'b.json', report: b },
    ]);
    expect(warnings).toEqual(['b.json is incomplete: its sweep was stopped by SIGTERM']);
    expect(merged).toMatchObject({ complete: false, stopped_by: 'SIGTERM', seeds_abandoned: 2 });
    const alone = mergeReports([{ path: 'a.json', report: a }]).report;
    expect(alone).toMatchObject({ complete: false, stopped_by: 'missing shards' });
    expect(renderMarkdown(merged)).toMatch(/\*\*Incomplete: stopped by SIGTERM\.\*\*/);
  });

  it('judges only the probes the sweep can reach, listing the others with reasons', () => {
    expect(faultKindsPossible({})).toEqual([]);
    expect(faultKindsPossible({ scenario: 'kv' })).toEqual([]);
    expect(faultKindsPossible({ faults: 'crash,bit-rot' } as never)).toEqual(['crash', 'bit-rot']);
    expect(faultKindsPossible({ scenario: 'hostile' }).length).toBeGreaterThan(3);

    const faultFree = unreachableProbes({});
    expect(faultFree['fault.crash']).toMatch(/^no world of this sweep switches on crash/);
    expect(faultFree['recovery.wal_torn_tail']).toMatch(/needs a fault/);
    expect(faultFree['sim.rare_path_crash']).toMatch(/needs a fault/);
    expect(faultFree['sim.state_check']).toBeUndefined();
    for (const [name, reason] of Object.entries(UNREACHABLE_PROBES)) expect(faultFree[name]).toBe(reason);

    const crashOnly = unreachableProbes({ faults: 'crash' } as never);
    expect(crashOnly['fault.crash']).toBeUndefined();
    expect(crashOnly['recovery.wal_torn_tail']).toBeUndefined();
    expect(crashOnly['fault.bit_rot']).toMatch(/switches on bit-rot/);
    const hostile = unreachableProbes({ scenario: 'hostile' });
    // The hostile profile leaves misdirected writes and failed fsyncs off (each leads to a
    // documented finding; they need --faults to switch on), and memory pressure, which has a
    // scenario of its own.
    expect(Object.keys(hostile).filter((name) => name.startsWith('fault.'))).toEqual([
      'fault.fsync_failure',
      'fault.memory_pressure',
      'fault.misdirected_write',
    ]);
    expect(
      unreachableProbes({ scenario: 'hostile', faults: 'all' } as never)['fault.fsync_failure'],
    ).toBeUndefined();
    expect(unreachableProbes({ scenario: 'memory-pressure' })['fault.memory_pressure']).toBeUndefined();
    expect(hostile['recovery.wal_torn_tail']).toBeUndefined();

    // A fault-free sweep's report flags no fault probe as never hit.
    const r = {
      ...report(0, [0], []),
      probes: { 'sim.state_check': 1 },
      probe_catalogue: probeCatalogue(),
      probe_unreachable: faultFree,
    };
    expect(
      neverHitProbes(r).filter((name) => name.startsWith('fault.') || name.startsWith('recovery.')),
    ).toEqual([]);
    expect(neverHitProbes(r)).toContain('sim.storage_audit');
    expect(unreachableRows(r).map((row) => row.name)).toContain('fault.crash');
    expect(neverHitProbes({ ...r, probe_unreachable: {} })).toContain('fault.crash');
  });
});
