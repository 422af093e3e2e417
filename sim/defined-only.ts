/**
 * definedOnly: an object without its undefined fields. With exactOptionalPropertyTypes an
 * optional field may be absent but never undefined, so options assembled from other optional
 * options go through this instead of one `x === undefined ? {} : { x }` spread per field.
 */
export type DefinedOnly<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

export function definedOnly<T extends object>(record: T): DefinedOnly<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as DefinedOnly<T>;
}
