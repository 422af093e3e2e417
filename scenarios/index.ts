export { FAULT_FREE_SCENARIOS, findScenario, SCENARIO_NAMES, SCENARIOS } from './catalogue.ts';
export { FAULT_SCENARIOS } from './fault-catalogue.ts';
export type { FaultProfile, FaultRange, KeyDistribution, Range, Scenario, ScenarioFamily } from './types.ts';
