/** The time source redlite reads: milliseconds since the Unix epoch, supplied by the host. */
export interface Clock {
  now(): number;
}
