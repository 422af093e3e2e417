/**
 * The properties `vopr properties` checks: the seven of redlite's DST spec plus
 * ttl_monotonic_decrease, each named for its invariant (spec/dst-spec.yaml), with the spec
 * scenario that generates its input, the oracle that judges it and the store it runs on.
 * Every property also requires every reply to equal the model's.
 */
import type fc from 'fast-check';
import { SCENARIOS, type ScenarioName } from './generators.ts';
import { expireRemovesKey } from './oracles/expire-removes-key.ts';
import { hashFieldsUnique } from './oracles/hash-fields-unique.ts';
import { incrMonotonic } from './oracles/incr-monotonic.ts';
import { listOrderPreserved } from './oracles/list-order-preserved.ts';
import { setGetRoundtrip } from './oracles/set-get-roundtrip.ts';
import { sortedSetOrdering } from './oracles/sorted-set-ordering.ts';
import { ttlMonotonicDecrease } from './oracles/ttl-monotonic-decrease.ts';
import type { OracleFactory } from './oracles/types.ts';
import type { StoreKind } from './sequence-store.ts';
import type { Step } from './steps.ts';

export interface PropertySpec {
  /** The invariant's name, which is also the property's. */
  readonly name: string;
  readonly scenario: ScenarioName;
  /** Null when the store's own check is the property (crash_recovery_consistent). */
  readonly oracle: OracleFactory | null;
  readonly store: StoreKind;
}

export const PROPERTIES: readonly PropertySpec[] = [
  { name: 'set_get_roundtrip', scenario: 'string_operations', oracle: setGetRoundtrip, store: 'memory' },
  { name: 'incr_monotonic', scenario: 'numeric_operations', oracle: incrMonotonic, store: 'memory' },
  { name: 'list_order_preserved', scenario: 'list_operations', oracle: listOrderPreserved, store: 'memory' },
  { name: 'hash_fields_unique', scenario: 'hash_operations', oracle: hashFieldsUnique, store: 'memory' },
  {
    name: 'sorted_set_ordering',
    scenario: 'sorted_set_operations',
    oracle: sortedSetOrdering,
    store: 'memory',
  },
  { name: 'expire_removes_key', scenario: 'expiration', oracle: expireRemovesKey, store: 'memory' },
  { name: 'crash_recovery_consistent', scenario: 'crash_mix', oracle: null, store: 'disk' },
  { name: 'ttl_monotonic_decrease', scenario: 'expiration', oracle: ttlMonotonicDecrease, store: 'memory' },
];

export const PROPERTY_NAMES: readonly string[] = PROPERTIES.map((spec) => spec.name);

export function scenarioOf(spec: PropertySpec): fc.Arbitrary<Step[]> {
  return SCENARIOS[spec.scenario];
}
