/**
 * Run by tests/e2e/hidden-classes.test.ts under `node --allow-natives-syntax`: builds, many
 * times over, objects that a world reads throughout (its config, a blocked client's wait) and
 * prints, as JSON, how many distinct hidden classes the last ones have. V8 11 can give every
 * object of a literal that opens with a spread a hidden class of its own once the literal's
 * clone IC is warm (docs/architecture.md, "Hidden classes"), so a count above 1 is that leak.
 */
import { Redlite } from '../../redlite/index.ts';
import { SessionHub } from '../../redlite/server/SessionHub.ts';
import { configFor } from '../../sim/run.ts';
import { VirtualClock } from '../../sim/VirtualClock.ts';

const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many hidden classes the last `tail` objects have between them. */
function classes(objects: readonly object[], tail: number): number {
  const seen: object[] = [];
  for (const object of objects.slice(-tail))
    if (!seen.some((other) => sameMap(other, object))) seen.push(object);
  return seen.length;
}

const configs = Array.from({ length: 30 }, () => configFor({ seed: 7n, scenario: 'mixed', opsMax: 1000 }));

// A blocked client's wait, as redlite's sessions record it (BLPOP on a key nobody pushes).
const clock = new VirtualClock(1_700_000_000_000);
const store = Redlite.open(':memory:', { clock });
const hub = new SessionHub(store, { clock });
const waits: object[] = [];
for (let i = 0; i < 30; i++) {
  const session = hub.open();
  session.exec(['BLPOP', `waiting:${i}`, '0']);
  const wait = (session as unknown as { wait: object | null }).wait;
  if (wait !== null) waits.push(wait);
  session.close();
}
hub.close();
store.close();

console.log(
  JSON.stringify({
    configs: classes(configs, 10),
    waits: { count: waits.length, classes: classes(waits, 10) },
  }),
);
