/**
 * The fault driver's backend (sim/world/fault-backend.ts): a world with faults on runs on the
 * simulated disk, driven by a FaultController that is rebuilt from the config alone, so a
 * replay or a shrunk trace rebuilds it exactly. A fault-free world uses a plain folder: with
 * nothing to read the platter back, its syncs would verify nothing and cost about 40% of the
 * run (bench/hostile). A caller's own SimDiskStorage gets a controller too.
 */
import { faultsOn } from '../config/fault-rates.ts';
import type { FaultBackend } from '../world/fault-backend.ts';
import { tempFolderStorage } from '../world/Storage.ts';
import { FaultController } from './FaultController.ts';
import { SimDiskStorage } from './SimDiskStorage.ts';

export const simDiskBackend: FaultBackend = {
  storageFor: (config, keepFiles) =>
    faultsOn(config.faults)
      ? new SimDiskStorage(config.durability, keepFiles)
      : tempFolderStorage(config.seed),
  driverFor: (config, storage) =>
    storage instanceof SimDiskStorage ? new FaultController(config, storage) : null,
};
