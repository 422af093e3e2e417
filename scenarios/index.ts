export { FAULT_FREE_SCENARIOS, findScenario, SCENARIO_NAMES, SCENARIOS } from './catalogue.ts';
export {
  DEEP_COLLECTIONS,
  type DeepCollectionsProfile,
  GROWING_COMMANDS,
  type GrowthShape,
  RETARGETED_COMMANDS,
  SHRINKING_COMMANDS,
} from './deep-collections.ts';
export { FAULT_SCENARIOS } from './fault-catalogue.ts';
export type { FaultProfile, FaultRange, KeyDistribution, Range, Scenario, ScenarioFamily } from './types.ts';
