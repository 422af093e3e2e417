/**
 * The command generators (see all-ops.ts) and the contexts and op streams tests build on them.
 */
export {
  OPS,
  OPS_BY_NAME,
  opByName,
  opsOfFamily,
  UnknownOpError,
  unknownCommand,
} from './all-ops.ts';
export type { TtlFloorContext } from './draw.ts';
export { createFamilyWorkload, type FamilyWorkload, type FamilyWorkloadOptions } from './family-workload.ts';
export {
  createTestOpContext,
  drawValue,
  OpContextOptionError,
  type TestOpContextOptions,
} from './test-context.ts';
export type { OpContext, OpFamily, OpSpec } from './types.ts';
