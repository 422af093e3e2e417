export { Rng } from './Rng.ts';
export { formatSeed, parseSeed, SEED_MAX, SeedError } from './seed.ts';
export { deriveSeed, fnv1a64, splitmix64 } from './splitmix64.ts';
