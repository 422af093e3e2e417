/**
 * Keyspace: the model's one database. Keys and every stored byte string are latin1 JS strings
 * (one char per byte), which keeps binary data exact while letting Maps, Sets and comparisons
 * work on plain strings. Collections are plain Maps, Sets and arrays; a sorted set caches its
 * ordering until the next write.
 *
 * Expiry is lazy and exact: an entry whose deadline is at or before the clock's now is deleted
 * when anything looks at it, so an expired key is absent to every command. There is no active
 * expiry here: the model has no background work, only what commands observe.
 *
 * Clones share their entries and copy one only before it changes (copy on write). The checkers
 * clone the model far more often than they change a clone (a snapshot at every checkpoint, a
 * trial run of one command), and a deep copy of every key each time was most of their cost.
 * An entry belongs to the keyspace whose `owner` token it carries; any other entry may be
 * shared, so `get`, `getTyped` and `getOrCreate`, whose callers may change the value in place,
 * copy it first. Read-only callers use `peek` and `peekTyped`, which never copy.
 */
import type { Clock } from '../../redlite/clock.ts';
import { ReplyError, WRONGTYPE } from './errors.ts';
import { SortedSet } from './SortedSet.ts';

export type Value =
  | { readonly kind: 'string'; data: string }
  | { readonly kind: 'list'; readonly items: string[] }
  | { readonly kind: 'hash'; readonly fields: Map<string, string> }
  | { readonly kind: 'set'; readonly members: Set<string> }
  | { readonly kind: 'zset'; readonly zset: SortedSet };

export type Kind = Value['kind'];
export type ValueOf<K extends Kind> = Extract<Value, { kind: K }>;

interface Entry {
  value: Value;
  /** Absolute Unix time in ms; BigInt because PEXPIREAT accepts any int64. */
  expireAtMs: bigint | null;
  /** The token of the keyspace that may change this entry in place (see the file header). */
  readonly owner: object;
  /**
   * One storing of the key: a new token when the key is stored anew or created, kept by a copy
   * on write, which changes nothing the key holds (WATCH compares it: watchMark).
   */
  readonly stored: object;
}

export class Keyspace {
  readonly clock: Clock;
  private readonly entries: Map<string, Entry>;
  /** Stamped on the entries this keyspace made or copied; replaced when it is cloned. */
  private owner: object = {};

  constructor(clock: Clock, entries: Map<string, Entry> = new Map()) {
    this.clock = clock;
    this.entries = entries;
  }

  nowMs(): bigint {
    return BigInt(this.clock.now());
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expireAtMs !== null && entry.expireAtMs < this.nowMs()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The live entry, first copied when it may be shared, so that it can change in place. */
  private liveOwned(key: string): Entry | undefined {
    const entry = this.live(key);
    if (entry === undefined || entry.owner === this.owner) return entry;
    const copy: Entry = {
      value: cloneValue(entry.value),
      expireAtMs: entry.expireAtMs,
      owner: this.owner,
      stored: entry.stored,
    };
    this.entries.set(key, copy);
    return copy;
  }

  /** The value, which the caller may change in place; undefined when absent. */
  get(key: string): Value | undefined {
    return this.liveOwned(key)?.value;
  }

  /** The value for reading only: it may be shared with a clone, so it must not change. */
  peek(key: string): Value | undefined {
    return this.live(key)?.value;
  }

  /** The value when it has kind `kind` (the caller may change it), undefined when absent; WRONGTYPE otherwise. */
  getTyped<K extends Kind>(key: string, kind: K): ValueOf<K> | undefined {
    return ofKind(this.liveOwned(key)?.value, kind);
  }

  /** As getTyped, for reading only (see `peek`). */
  peekTyped<K extends Kind>(key: string, kind: K): ValueOf<K> | undefined {
    return ofKind(this.live(key)?.value, kind);
  }

  /** As getTyped, but creates an empty value of that kind when the key is absent. */
  getOrCreate<K extends Kind>(key: string, kind: K): ValueOf<K> {
    const existing = this.getTyped(key, kind);
    if (existing !== undefined) return existing;
    const created = emptyValue(kind) as ValueOf<K>;
    this.entries.set(key, { value: created, expireAtMs: null, owner: this.owner, stored: {} });
    return created;
  }

  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /** Stores `value`, dropping any expiry unless `keepTtl`. */
  set(key: string, value: Value, keepTtl = false): void {
    const entry = keepTtl ? this.live(key) : undefined;
    this.entries.set(key, { value, expireAtMs: entry?.expireAtMs ?? null, owner: this.owner, stored: {} });
  }

  delete(key: string): boolean {
    return this.live(key) !== undefined && this.entries.delete(key);
  }

  /** Deletes the key when its collection became empty (Redis never keeps empty collections). */
  deleteIfEmpty(key: string, size: number): void {
    if (size === 0) this.entries.delete(key);
  }

  /** The absolute expiry of a live key: null when it has none, undefined when absent. */
  expireAt(key: string): bigint | null | undefined {
    const entry = this.live(key);
    return entry === undefined ? undefined : entry.expireAtMs;
  }

  /** Sets (or with null clears) a live key's expiry; a deadline not after now deletes it. */
  setExpireAt(key: string, expireAtMs: bigint | null): void {
    const entry = this.liveOwned(key);
    if (entry === undefined) return;
    if (expireAtMs !== null && expireAtMs <= this.nowMs()) {
      this.entries.delete(key);
      return;
    }
    entry.expireAtMs = expireAtMs;
  }

  /** Moves a live key, with its expiry, onto `to` (replacing whatever was there). */
  rename(from: string, to: string): void {
    const entry = this.live(from);
    if (entry === undefined) return;
    this.entries.delete(from);
    this.entries.set(to, entry);
  }

  /**
   * What WATCH compares (sim/model/session/WatchMarks.ts): the entry's storing token, which
   * changes whenever the key is stored anew, deleted or renamed (but not when a copy on write
   * duplicates the entry, which changes nothing the key holds), and its value and expiry as
   * text, which change with every in-place edit. Undefined when the key is absent.
   */
  watchMark(key: string): { readonly entry: object; readonly text: string } | undefined {
    const entry = this.live(key);
    if (entry === undefined) return undefined;
    return { entry: entry.stored, text: `${entry.expireAtMs}:${valueText(entry.value)}` };
  }

  /** Every live key, dropping expired ones on the way. */
  liveKeys(): string[] {
    const now = this.nowMs();
    const keys: string[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.expireAtMs !== null && entry.expireAtMs < now) this.entries.delete(key);
      else keys.push(key);
    }
    return keys;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * An independent copy. It shares every entry with this keyspace, and from now on both copy an
   * entry before changing it: this keyspace takes a new token, so none of them is its own.
   */
  clone(): Keyspace {
    this.owner = {};
    return new Keyspace(this.clock, new Map(this.entries));
  }
}

function ofKind<K extends Kind>(value: Value | undefined, kind: K): ValueOf<K> | undefined {
  if (value === undefined) return undefined;
  if (value.kind !== kind) throw new ReplyError(WRONGTYPE);
  return value as ValueOf<K>;
}

function emptyValue(kind: Kind): Value {
  switch (kind) {
    case 'string':
      return { kind, data: '' };
    case 'list':
      return { kind, items: [] };
    case 'hash':
      return { kind, fields: new Map() };
    case 'set':
      return { kind, members: new Set() };
    case 'zset':
      return { kind, zset: new SortedSet() };
  }
}

function valueText(value: Value): string {
  switch (value.kind) {
    case 'string':
      return `s${value.data}`;
    case 'list':
      return `l${JSON.stringify(value.items)}`;
    case 'hash':
      return `h${JSON.stringify([...value.fields])}`;
    case 'set':
      return `S${JSON.stringify([...value.members])}`;
    case 'zset':
      return `z${JSON.stringify(value.zset.sorted())}`;
  }
}

/** Strings are immutable, so only containers are copied. */
function cloneValue(value: Value): Value {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', data: value.data };
    case 'list':
      return { kind: 'list', items: value.items.slice() };
    case 'hash':
      return { kind: 'hash', fields: new Map(value.fields) };
    case 'set':
      return { kind: 'set', members: new Set(value.members) };
    case 'zset':
      return { kind: 'zset', zset: value.zset.clone() };
  }
}
