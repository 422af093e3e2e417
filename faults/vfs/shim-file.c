/*
 * The shim's io methods: every call on an open file forwards to the real file embedded after
 * our fields. Around the four calls that move bytes toward the disk or back (xRead, xWrite,
 * xTruncate, xSync) it records the call when its folder is being recorded, and replaces the
 * call with an armed fault when one matches. A file whose process crashed is frozen: every
 * call on it fails with an I/O error and nothing reaches the file again.
 *
 * Left out: the -shm bytes, which the unix VFS maps into memory (xShmMap hands SQLite a
 * pointer; later stores bypass every VFS call), and pages read through xFetch's memory map,
 * which the shim declines whenever reads are recorded or a fault is armed, so that SQLite
 * falls back to xRead.
 */
#include <string.h>

#include "shim.h"

#define REAL(f) ((f)->pReal)
#define SECTOR_BYTES 512

/* The state of one call, decided under the lock before the call runs. */
typedef struct CallState {
  int frozen;
  int recordFlags;
  FaultPlan plan;
} CallState;

static void call_begin(ShimFile *f, int call, CallState *s) {
  memset(s, 0, sizeof(*s));
  shim_enter();
  s->frozen = f->frozen;
  if (!s->frozen) {
    faults_match(f, call, &s->plan);
    s->recordFlags = log_file_flags(f);
  }
  shim_leave();
}

/* Logs one call on a file. The caller holds the lock. */
static void record_call(ShimFile *f, int type, int64_t offset, int64_t length, int flags, int rc) {
  ShimEvent e;
  memset(&e, 0, sizeof(e));
  e.type = type;
  e.offset = offset;
  e.length = length;
  e.flags = flags;
  e.code = rc;
  log_file_event(f, &e);
}

/* A fault event for a call; the caller adds what landed, the damage or the sync flags. */
static ShimEvent fault_event(int call, int64_t offset, int64_t length, int code) {
  ShimEvent e;
  memset(&e, 0, sizeof(e));
  e.type = EV_FAULT;
  e.call = call;
  e.offset = offset;
  e.length = length;
  e.code = code;
  return e;
}

/* Logs an injected fault; a crash also becomes the crash record. The caller holds the lock. */
static void record_fault(ShimFile *f, const CallState *s, ShimEvent *e) {
  uint64_t seq;
  e->action = s->plan.action;
  e->frozenFiles = s->plan.frozenFiles;
  seq = log_file_event(f, e);
  if (s->plan.action == ACT_CRASH) faults_record_crash(f, e, seq);
}

/* Logs an injected fault, taking the lock. */
static void log_fault(ShimFile *f, const CallState *s, ShimEvent *e) {
  shim_enter();
  record_fault(f, s, e);
  shim_leave();
}

/* Logs a call that ran, taking the lock, when the file records calls of this kind (`mask`). */
static void log_call(ShimFile *f, const CallState *s, int mask, int type, int64_t offset,
                     int64_t length, int flags, int rc) {
  if (!(s->recordFlags & mask)) return;
  shim_enter();
  record_call(f, type, offset, length, flags, rc);
  shim_leave();
}

/* A call the fault plan stops before it reaches the disk: logged as a fault, answered `code`. */
static int refuse_call(ShimFile *f, const CallState *s, int call, int64_t offset, int64_t length,
                       int flags, int code) {
  ShimEvent e = fault_event(call, offset, length, code);
  e.flags = flags;
  log_fault(f, s, &e);
  return code;
}

/* A seeded share of `amt` bytes, from 0 to amt - 1: what a short write lets through. */
static int seeded_prefix(uint64_t seed, int amt) {
  uint64_t state = seed;
  if (amt <= 1) return 0;
  return (int)(faults_next(&state) % (uint64_t)amt);
}

/*
 * Tears one sector of a read: a seeded sector among those the read covers, and in it the
 * bytes from a seeded point to the sector's end (or the read's end), zeroed or inverted.
 */
static void tear_sector(unsigned char *buf, int amt, int64_t off, uint64_t seed, int flip,
                        ShimEvent *e) {
  uint64_t state = seed;
  int64_t first = off / SECTOR_BYTES;
  int64_t last = (off + amt - 1) / SECTOR_BYTES;
  int64_t sector = first + (int64_t)(faults_next(&state) % (uint64_t)(last - first + 1));
  int64_t lo = sector * SECTOR_BYTES > off ? sector * SECTOR_BYTES : off;
  int64_t hi = (sector + 1) * SECTOR_BYTES < off + amt ? (sector + 1) * SECTOR_BYTES : off + amt;
  int64_t start = lo + (int64_t)(faults_next(&state) % (uint64_t)(hi - lo));
  int64_t at;
  for (at = start; at < hi; at++) {
    unsigned char *byte = &buf[at - off];
    *byte = flip ? (unsigned char)~*byte : 0;
  }
  e->damageOffset = start;
  e->damageLength = (int32_t)(hi - start);
}

static int shimClose(sqlite3_file *pFile) {
  ShimFile *f = (ShimFile *)pFile;
  int rc;
  shim_enter();
  /* A frozen file belongs to an abandoned connection, closed whenever its handle is
   * collected: logging that would put a moment no run can repeat into the log. */
  if (!f->frozen && (log_file_flags(f) & REC_ON)) record_call(f, EV_CLOSE, 0, 0, 0, SQLITE_OK);
  shim_unlink_file(f);
  shim_leave();
  rc = REAL(f)->pMethods->xClose(REAL(f));
  sqlite3_free(f->zPath);
  f->zPath = 0;
  return f->frozen ? SQLITE_OK : rc;
}

static int shimRead(sqlite3_file *pFile, void *buf, int amt, sqlite3_int64 off) {
  ShimFile *f = (ShimFile *)pFile;
  CallState s;
  ShimEvent e;
  int rc;
  call_begin(f, EV_READ, &s);
  if (s.frozen || (s.plan.action && s.plan.action != ACT_TORN_READ)) {
    memset(buf, 0, (size_t)amt);
    if (s.frozen) return SQLITE_IOERR_READ;
    return refuse_call(f, &s, EV_READ, off, amt, 0, SQLITE_IOERR_READ);
  }
  rc = REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
  if (s.plan.action == ACT_TORN_READ) {
    e = fault_event(EV_READ, off, amt, rc);
    /* A short read is zero-filled past the end: the sector is still torn in what SQLite sees. */
    if (amt > 0 && (rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ)) {
      tear_sector(buf, amt, off, s.plan.seed, s.plan.options & OPT_TORN_FLIP, &e);
    }
    shim_enter();
    if (s.recordFlags & REC_READS) record_call(f, EV_READ, off, amt, 0, rc);
    record_fault(f, &s, &e);
    shim_leave();
    return rc;
  }
  log_call(f, &s, REC_READS, EV_READ, off, amt, 0, rc);
  return rc;
}

static int inject_write(ShimFile *f, const CallState *s, const void *buf, int amt, sqlite3_int64 off) {
  int landed = 0;
  int code = SQLITE_IOERR_WRITE;
  int rc = SQLITE_OK;
  switch (s->plan.action) {
    case ACT_SHORT_WRITE:
      landed = seeded_prefix(s->plan.seed, amt);
      if (s->plan.options & OPT_SHORT_WRITE_ENOSPC) code = SQLITE_FULL;
      break;
    case ACT_ENOSPC:
      code = SQLITE_FULL;
      break;
    case ACT_CRASH:
      if (s->plan.options & OPT_CRASH_WRITE_PREFIX) landed = seeded_prefix(s->plan.seed, amt);
      break;
    default:
      break;
  }
  ShimEvent e = fault_event(EV_WRITE, off, amt, code);
  if (landed > 0) rc = REAL(f)->pMethods->xWrite(REAL(f), buf, landed, off);
  e.landed = rc == SQLITE_OK ? landed : 0;
  shim_enter();
  if (landed > 0 && (s->recordFlags & REC_ON)) record_call(f, EV_WRITE, off, landed, 0, rc);
  record_fault(f, s, &e);
  shim_leave();
  return code;
}

static int shimWrite(sqlite3_file *pFile, const void *buf, int amt, sqlite3_int64 off) {
  ShimFile *f = (ShimFile *)pFile;
  CallState s;
  int rc;
  call_begin(f, EV_WRITE, &s);
  if (s.frozen) return SQLITE_IOERR_WRITE;
  if (s.plan.action) return inject_write(f, &s, buf, amt, off);
  rc = REAL(f)->pMethods->xWrite(REAL(f), buf, amt, off);
  log_call(f, &s, REC_ON, EV_WRITE, off, amt, 0, rc);
  return rc;
}

static int shimTruncate(sqlite3_file *pFile, sqlite3_int64 size) {
  ShimFile *f = (ShimFile *)pFile;
  CallState s;
  int rc;
  call_begin(f, EV_TRUNCATE, &s);
  if (s.frozen) return SQLITE_IOERR_TRUNCATE;
  if (s.plan.action) return refuse_call(f, &s, EV_TRUNCATE, size, 0, 0, SQLITE_IOERR_TRUNCATE);
  rc = REAL(f)->pMethods->xTruncate(REAL(f), size);
  log_call(f, &s, REC_ON, EV_TRUNCATE, size, 0, 0, rc);
  return rc;
}

static int shimSync(sqlite3_file *pFile, int flags) {
  ShimFile *f = (ShimFile *)pFile;
  CallState s;
  int rc;
  call_begin(f, EV_SYNC, &s);
  if (s.frozen) return SQLITE_IOERR_FSYNC;
  /* A failed sync does not happen: as after a failed fsync on Linux, the caller cannot tell
   * which dirty bytes reached the disk, and the simulator drops the unsynced ones. */
  if (s.plan.action) return refuse_call(f, &s, EV_SYNC, 0, 0, flags, SQLITE_IOERR_FSYNC);
  rc = REAL(f)->pMethods->xSync(REAL(f), flags);
  log_call(f, &s, REC_ON, EV_SYNC, 0, 0, flags, rc);
  return rc;
}

/* True when the file's process crashed; read under the lock. */
static int is_frozen(ShimFile *f) {
  int frozen;
  shim_enter();
  frozen = f->frozen;
  shim_leave();
  return frozen;
}

static int shimFileSize(sqlite3_file *pFile, sqlite3_int64 *pSize) {
  ShimFile *f = (ShimFile *)pFile;
  if (is_frozen(f)) return SQLITE_IOERR_FSTAT;
  return REAL(f)->pMethods->xFileSize(REAL(f), pSize);
}

static int shimLock(sqlite3_file *pFile, int lock) {
  ShimFile *f = (ShimFile *)pFile;
  if (is_frozen(f)) return SQLITE_IOERR_LOCK;
  return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int shimUnlock(sqlite3_file *pFile, int lock) {
  ShimFile *f = (ShimFile *)pFile;
  if (is_frozen(f)) return SQLITE_IOERR_UNLOCK;
  return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int shimCheckReservedLock(sqlite3_file *pFile, int *pResOut) {
  ShimFile *f = (ShimFile *)pFile;
  if (is_frozen(f)) {
    *pResOut = 0;
    return SQLITE_IOERR_CHECKRESERVEDLOCK;
  }
  return REAL(f)->pMethods->xCheckReservedLock(REAL(f), pResOut);
}

static int shimFileControl(sqlite3_file *pFile, int op, void *pArg) {
  ShimFile *f = (ShimFile *)pFile;
  /* Some file controls act on the file (a size hint may extend it): refuse them all. */
  if (is_frozen(f)) return SQLITE_IOERR;
  return REAL(f)->pMethods->xFileControl(REAL(f), op, pArg);
}

static int shimSectorSize(sqlite3_file *pFile) {
  ShimFile *f = (ShimFile *)pFile;
  return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int shimDeviceCharacteristics(sqlite3_file *pFile) {
  ShimFile *f = (ShimFile *)pFile;
  return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int shimShmMap(sqlite3_file *pFile, int iPg, int pgsz, int bExtend, void volatile **pp) {
  ShimFile *f = (ShimFile *)pFile;
  if (is_frozen(f)) {
    *pp = 0;
    return SQLITE_IOERR_SHMMAP;
  }
  return REAL(f)->pMethods->xShmMap(REAL(f), iPg, pgsz, bExtend, pp);
}

static int shimShmLock(sqlite3_file *pFile, int offset, int n, int flags) {
  ShimFile *f = (ShimFile *)pFile;
  if (is_frozen(f)) return SQLITE_IOERR_SHMLOCK;
  return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void shimShmBarrier(sqlite3_file *pFile) {
  ShimFile *f = (ShimFile *)pFile;
  REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int shimShmUnmap(sqlite3_file *pFile, int deleteFlag) {
  ShimFile *f = (ShimFile *)pFile;
  /* A crashed process releases its mapping, never the -shm it left behind. SQLite asks for the
   * delete only after a checkpoint that a frozen file cannot complete; this makes it certain. */
  return REAL(f)->pMethods->xShmUnmap(REAL(f), is_frozen(f) ? 0 : deleteFlag);
}

static int shimFetch(sqlite3_file *pFile, sqlite3_int64 off, int amt, void **pp) {
  ShimFile *f = (ShimFile *)pFile;
  int frozen;
  int decline;
  shim_enter();
  frozen = f->frozen;
  decline = (log_file_flags(f) & REC_READS) || faults_pending() > 0;
  shim_leave();
  *pp = 0;
  if (frozen) return SQLITE_IOERR_MMAP;
  /* Declining (a null page, SQLITE_OK) makes SQLite read through xRead, where the shim sees it. */
  if (decline) return SQLITE_OK;
  return REAL(f)->pMethods->xFetch(REAL(f), off, amt, pp);
}

static int shimUnfetch(sqlite3_file *pFile, sqlite3_int64 off, void *p) {
  ShimFile *f = (ShimFile *)pFile;
  /* Always forwarded: it releases a page the real file handed out. */
  return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

#define SHIM_IO_METHODS(version)                                                                  \
  {version,        shimClose,       shimRead,       shimWrite,       shimTruncate,             \
   shimSync,       shimFileSize,    shimLock,       shimUnlock,      shimCheckReservedLock,    \
   shimFileControl, shimSectorSize, shimDeviceCharacteristics, shimShmMap, shimShmLock,        \
   shimShmBarrier, shimShmUnmap,    shimFetch,      shimUnfetch}

/* One table per version: SQLite reads iVersion to know which methods exist, so ours must not
 * claim more than the real file offers (a version-1 file has no shared memory, so no WAL). */
static const sqlite3_io_methods shim_io_v1 = SHIM_IO_METHODS(1);
static const sqlite3_io_methods shim_io_v2 = SHIM_IO_METHODS(2);
static const sqlite3_io_methods shim_io_v3 = SHIM_IO_METHODS(3);

static int kind_of_flags(int flags) {
  if (flags & SQLITE_OPEN_MAIN_DB) return KIND_DB;
  if (flags & SQLITE_OPEN_WAL) return KIND_WAL;
  if (flags & SQLITE_OPEN_MAIN_JOURNAL) return KIND_JOURNAL;
  if (flags & SQLITE_OPEN_SUPER_JOURNAL) return KIND_SUPER_JOURNAL;
  if (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_SUBJOURNAL |
               SQLITE_OPEN_TRANSIENT_DB)) {
    return KIND_TEMP;
  }
  return KIND_OTHER;
}

static int ends_with(const char *z, int n, const char *suffix) {
  int k = (int)strlen(suffix);
  return n >= k && memcmp(z + n - k, suffix, (size_t)k) == 0;
}

/* The kind of a file known only by its path (a delete): by SQLite's suffixes. */
int shim_kind_of_path(const char *zPath, int nPath) {
  if (ends_with(zPath, nPath, "-wal")) return KIND_WAL;
  if (ends_with(zPath, nPath, "-journal")) return KIND_JOURNAL;
  if (ends_with(zPath, nPath, "-shm")) return KIND_SHM;
  return KIND_OTHER;
}

/* Opens the real file inside ours. On failure the file has no methods, so SQLite never
 * closes it; a real file that failed yet holds methods is closed here for the same reason. */
int shim_file_open(sqlite3_vfs *pReal, sqlite3_filename zName, ShimFile *f, int flags, int *pOutFlags) {
  int rc;
  int version;
  memset(f, 0, SHIM_FILE_BYTES);
  f->pReal = (sqlite3_file *)((char *)f + SHIM_FILE_BYTES);
  f->pReal->pMethods = 0;
  rc = pReal->xOpen(pReal, zName, f->pReal, flags, pOutFlags);
  if (f->pReal->pMethods == 0) return rc;
  if (rc != SQLITE_OK) {
    f->pReal->pMethods->xClose(f->pReal);
    return rc;
  }
  f->nPath = zName ? (int)strlen(zName) : 0;
  f->zPath = sqlite3_malloc(f->nPath + 1);
  if (f->zPath == 0) {
    f->pReal->pMethods->xClose(f->pReal);
    return SQLITE_NOMEM;
  }
  if (f->nPath > 0) memcpy(f->zPath, zName, (size_t)f->nPath);
  f->zPath[f->nPath] = 0;
  f->openFlags = flags;
  f->kind = (unsigned char)kind_of_flags(flags);
  version = f->pReal->pMethods->iVersion;
  f->base.pMethods = version >= 3 ? &shim_io_v3 : version == 2 ? &shim_io_v2 : &shim_io_v1;
  return SQLITE_OK;
}
