/*
 * The shim's event log and the folders it records. A file is recorded when its path starts
 * with a recorded prefix; the answer is cached on the file and recomputed only when the
 * prefixes change (an epoch counter), so an unrecorded file costs one comparison per call.
 * Events go into one growing buffer, bounded by LOG_BYTES_MAX, kept from one drain to the next
 * (the simulator drains after every step). Past the bound, events are counted as dropped and the drain reports it, since a
 * log with holes would mislead whoever replays it.
 *
 * A file's id is introduced by an EV_FILE record (its path, kind and open flags) before the
 * first other record about it since the last reset, so records stay small and the reader
 * needs no other table.
 *
 * Left out: the encoding's mirror on the TypeScript side (faults/vfs/decode-io-log.ts).
 */
#include <string.h>

#include "shim.h"

typedef struct Prefix {
  char *z;
  int n;
  int flags;
} Prefix;

static Prefix prefixes[RECORDING_PREFIXES_MAX];
static int prefix_count = 0;
static uint32_t prefix_epoch = 1;

static unsigned char *log_buf = 0;
static size_t log_len = LOG_HEADER_BYTES; /* the header's room is always kept */
static size_t log_cap = 0;
static uint32_t log_count = 0;
static uint32_t log_dropped = 0;
static uint64_t next_seq = 1;
static uint32_t next_file_id = 1;

uint32_t log_next_file_id(void) { return next_file_id++; }

/* Adds a prefix or changes its flags; returns the number of prefixes, or -1 when full. */
int log_record_prefix(const char *zPrefix, int nPrefix, int flags) {
  int i;
  char *copy;
  prefix_epoch++;
  for (i = 0; i < prefix_count; i++) {
    if (prefixes[i].n == nPrefix && memcmp(prefixes[i].z, zPrefix, (size_t)nPrefix) == 0) {
      prefixes[i].flags = flags;
      return prefix_count;
    }
  }
  if (prefix_count == RECORDING_PREFIXES_MAX) return -1;
  copy = sqlite3_malloc(nPrefix + 1);
  if (copy == 0) return -1;
  memcpy(copy, zPrefix, (size_t)nPrefix);
  copy[nPrefix] = 0;
  prefixes[prefix_count].z = copy;
  prefixes[prefix_count].n = nPrefix;
  prefixes[prefix_count].flags = flags;
  prefix_count++;
  return prefix_count;
}

/* Removes a prefix; returns 1 when it was recorded, else 0. */
int log_unrecord_prefix(const char *zPrefix, int nPrefix) {
  int i;
  for (i = 0; i < prefix_count; i++) {
    if (prefixes[i].n != nPrefix || memcmp(prefixes[i].z, zPrefix, (size_t)nPrefix) != 0) continue;
    sqlite3_free(prefixes[i].z);
    prefixes[i] = prefixes[prefix_count - 1];
    prefix_count--;
    prefix_epoch++;
    return 1;
  }
  return 0;
}

void log_clear_prefixes(void) {
  int i;
  for (i = 0; i < prefix_count; i++) sqlite3_free(prefixes[i].z);
  prefix_count = 0;
  prefix_epoch++;
}

int log_path_flags(const char *zPath, int nPath) {
  int i;
  int flags = 0;
  for (i = 0; i < prefix_count; i++) {
    if (nPath >= prefixes[i].n && memcmp(zPath, prefixes[i].z, (size_t)prefixes[i].n) == 0) {
      flags |= prefixes[i].flags;
    }
  }
  return flags;
}

int log_file_flags(ShimFile *f) {
  if (f->recordEpoch != prefix_epoch) {
    f->recordFlags = log_path_flags(f->zPath, f->nPath);
    f->recordEpoch = prefix_epoch;
  }
  return f->recordFlags;
}

static void put32(unsigned char *out, uint32_t v) { memcpy(out, &v, 4); }
static void put64(unsigned char *out, uint64_t v) { memcpy(out, &v, 8); }

void log_write_header(unsigned char *out, uint32_t dropped, uint32_t count) {
  put32(out, LOG_MAGIC);
  put32(out + 4, SHIM_PROTOCOL_VERSION);
  put32(out + 8, dropped);
  put32(out + 12, count);
}

size_t log_encode(const ShimEvent *e, uint64_t seq, const char *zPath, int nPath, unsigned char *out) {
  memset(out, 0, RECORD_BYTES);
  out[0] = (unsigned char)e->type;
  out[1] = (unsigned char)e->kind;
  out[2] = (unsigned char)e->action;
  out[3] = (unsigned char)e->call;
  put32(out + 4, e->fileId);
  put64(out + 8, seq);
  put64(out + 16, (uint64_t)e->offset);
  put64(out + 24, (uint64_t)e->length);
  put64(out + 32, (uint64_t)e->landed);
  put64(out + 40, (uint64_t)e->damageOffset);
  put32(out + 48, (uint32_t)e->damageLength);
  put32(out + 52, (uint32_t)e->code);
  put32(out + 56, (uint32_t)e->flags);
  put32(out + 60, e->frozenFiles);
  put32(out + 64, (uint32_t)nPath);
  if (nPath > 0) memcpy(out + RECORD_BYTES, zPath, (size_t)nPath);
  return RECORD_BYTES + (size_t)nPath;
}

/* Makes room for `need` bytes in all; false past the bound or when memory runs out. */
static int log_grow(size_t need) {
  size_t cap;
  unsigned char *grown;
  if (need <= log_cap) return 1;
  if (need > LOG_BYTES_MAX) return 0;
  cap = log_cap < 4096 ? 4096 : log_cap * 2;
  while (cap < need) cap *= 2;
  if (cap > LOG_BYTES_MAX) cap = LOG_BYTES_MAX;
  grown = sqlite3_realloc64(log_buf, cap);
  if (grown == 0) return 0;
  log_buf = grown;
  log_cap = cap;
  return 1;
}

/* Room for one record at the end of the log, or null (counted as dropped) past the bound. */
static unsigned char *log_reserve(size_t bytes) {
  unsigned char *at;
  if (!log_grow(log_len + bytes)) {
    log_dropped++;
    return 0;
  }
  at = log_buf + log_len;
  log_len += bytes;
  log_count++;
  return at;
}

static void log_append(const ShimEvent *e, const char *zPath, int nPath) {
  uint64_t seq = next_seq++;
  unsigned char *at = log_reserve(RECORD_BYTES + (size_t)nPath);
  if (at) log_encode(e, seq, zPath, nPath, at);
}

/* The EV_FILE record of a file: its id, kind, open flags and path. */
void log_file_record(ShimFile *f, ShimEvent *e) {
  memset(e, 0, sizeof(*e));
  e->type = EV_FILE;
  e->kind = f->kind;
  e->fileId = f->id;
  e->flags = f->openFlags;
}

void log_announce(ShimFile *f) {
  ShimEvent e;
  if (f->announced) return;
  log_file_record(f, &e);
  log_append(&e, f->zPath, f->nPath);
  f->announced = 1;
}

/* Appends an event about a file (announcing the file first); returns the event's seq. */
uint64_t log_file_event(ShimFile *f, ShimEvent *e) {
  uint64_t seq;
  unsigned char *at;
  log_announce(f);
  e->kind = f->kind;
  e->fileId = f->id;
  seq = next_seq++;
  at = log_reserve(RECORD_BYTES);
  if (at) log_encode(e, seq, 0, 0, at);
  return seq;
}

void log_path_event(ShimEvent *e, const char *zPath, int nPath) { log_append(e, zPath, nPath); }

/*
 * The log as one blob, header included, valid until the next call into the log; the caller
 * copies it out, then calls log_clear. Null only when memory runs out.
 */
const unsigned char *log_contents(size_t *pnBytes) {
  if (!log_grow(log_len)) return 0;
  log_write_header(log_buf, log_dropped, log_count);
  *pnBytes = log_len;
  return log_buf;
}

/* Empties the log. The buffer is kept for the next events (drains come after every step),
 * unless one busy step made it larger than LOG_BYTES_KEPT. */
void log_clear(void) {
  if (log_cap > LOG_BYTES_KEPT) {
    sqlite3_free(log_buf);
    log_buf = 0;
    log_cap = 0;
  }
  log_len = LOG_HEADER_BYTES;
  log_count = 0;
  log_dropped = 0;
}
