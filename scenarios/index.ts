export { findScenario, SCENARIO_NAMES, SCENARIOS } from './catalogue.ts';
export type { KeyDistribution, Range, Scenario, ScenarioFamily } from './types.ts';
