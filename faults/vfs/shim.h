/*
 * The dst I/O shim: declarations shared by its C files. The shim is an SQLite VFS that wraps
 * the default (unix) VFS and is registered as the new default, so every connection opened
 * after it loads goes through it (docs/architecture.md, storage model). It records what
 * SQLite writes, truncates, syncs and deletes, injects I/O faults the simulator arms, and can
 * freeze a "process" mid-call. The simulator drives it through SQL functions registered on
 * the connection that loaded it (shim-sql.c).
 *
 * The numbers below are a wire format: faults/vfs/io-vocabulary.ts mirrors them, and
 * SHIM_PROTOCOL_VERSION changes whenever either side would misread the other.
 *
 * Left out: the -shm file. The unix VFS opens and maps it itself, so its bytes never pass
 * through a VFS call; it is never durable, and SQLite rebuilds it on the first open.
 */
#ifndef DST_SHIM_H
#define DST_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT3

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the shim's log is little-endian; this host is not"
#endif

#define SHIM_PROTOCOL_VERSION 1
#define SHIM_VFS_NAME "dst-shim"

/*
 * The log: a 16-byte header (magic, protocol version, events dropped, event count), then the
 * records. A record is 72 bytes, little-endian, followed by its path when pathBytes > 0:
 *    0 u8  type        1 u8 kind     2 u8 action (faults)   3 u8 call (faults)
 *    4 u32 fileId      8 u64 seq
 *   16 i64 offset     24 i64 length  (a truncate's size is its offset)
 *   32 i64 landed      bytes of a faulted write that reached the file
 *   40 i64 damageOffset   48 i32 damageLength   (a torn read's damaged bytes)
 *   52 i32 code        the result code the call returned to SQLite
 *   56 i32 flags       sync flags; open flags (EV_FILE); syncDir (EV_DELETE)
 *   60 u32 frozenFiles files a crash froze
 *   64 u32 pathBytes  68 u32 reserved (0)
 */
#define LOG_MAGIC 0x4c545344u /* "DSTL" */
#define LOG_HEADER_BYTES 16
#define RECORD_BYTES 72

/* Bounds: every table and queue in the shim has one (docs/architecture.md, principle 5). */
#define LOG_BYTES_MAX ((size_t)64 * 1024 * 1024)
#define LOG_BYTES_KEPT ((size_t)1024 * 1024) /* a drained buffer larger than this is released */
#define RECORDING_PREFIXES_MAX 64
#define FAULTS_ARMED_MAX 16
#define PATH_BYTES_MAX 4096

/* Event types. The I/O call kinds a fault can match reuse the numbers of their events. */
enum {
  EV_FILE = 1,     /* introduces a file id: its path, kind and open flags */
  EV_CLOSE = 2,
  EV_READ = 3,
  EV_WRITE = 4,
  EV_TRUNCATE = 5,
  EV_SYNC = 6,
  EV_DELETE = 7,   /* carries the path itself: the file need not be open */
  EV_FAULT = 8     /* an injected fault or crash, on the call it replaced */
};

enum {
  KIND_OTHER = 0,
  KIND_DB = 1,
  KIND_WAL = 2,
  KIND_JOURNAL = 3,
  KIND_SUPER_JOURNAL = 4,
  KIND_TEMP = 5,
  KIND_SHM = 6
};

enum {
  ACT_EIO = 1,
  ACT_SHORT_WRITE = 2,
  ACT_ENOSPC = 3,
  ACT_TORN_READ = 4,
  ACT_CRASH = 5
};

/* Fault options (a bit set). */
#define OPT_SHORT_WRITE_ENOSPC 1 /* a short write ends in ENOSPC (SQLITE_FULL), not EIO */
#define OPT_TORN_FLIP 2          /* a torn read inverts the damaged bytes instead of zeroing them */
#define OPT_CRASH_WRITE_PREFIX 4 /* a crash on a write lets a seeded prefix of it land first */

/* Recording flags of a prefix (a bit set). */
#define REC_ON 1
#define REC_READS 2

/* One open file: our fields, then the real VFS's file right after them (szOsFile adds both). */
typedef struct ShimFile ShimFile;
struct ShimFile {
  sqlite3_file base;
  sqlite3_file *pReal;
  ShimFile *pNext;
  ShimFile *pPrev;
  char *zPath;       /* our copy; "" for SQLite's nameless temporary files */
  int nPath;
  int openFlags;
  uint32_t id;
  uint32_t recordEpoch;
  int recordFlags;
  unsigned char kind;
  unsigned char frozen;    /* the process that owns it crashed: refuse every call */
  unsigned char announced; /* its EV_FILE record is in the log since the last drain or reset */
};

/* One log record before encoding. */
typedef struct ShimEvent {
  int type;
  int kind;
  int action;
  int call;
  uint32_t fileId;
  int64_t offset;
  int64_t length;
  int64_t landed;
  int64_t damageOffset;
  int32_t damageLength;
  int32_t code;
  int32_t flags;
  uint32_t frozenFiles;
} ShimEvent;

/* What an armed fault does to the call it matched, handed from the matcher to the call. */
typedef struct FaultPlan {
  int action; /* 0: no fault */
  int options;
  uint64_t seed;
  uint32_t frozenFiles; /* a crash freezes its folder as it fires */
} FaultPlan;

/* Where the real file starts inside ours. */
#define SHIM_FILE_BYTES ((sizeof(ShimFile) + 7) & ~(size_t)7)

/* shim-vfs.c: the global lock, the real VFS and the list of open files. */
void shim_enter(void);
void shim_leave(void);
ShimFile *shim_open_files(void);
void shim_unlink_file(ShimFile *f);
int shim_register(void);

/* shim-file.c: wrapping an opened file, and the kind of a path. */
int shim_file_open(sqlite3_vfs *pReal, sqlite3_filename zName, ShimFile *f, int flags, int *pOutFlags);
int shim_kind_of_path(const char *zPath, int nPath);

/* shim-log.c: recording prefixes and the event log. Callers hold the lock. */
int log_record_prefix(const char *zPrefix, int nPrefix, int flags);
int log_unrecord_prefix(const char *zPrefix, int nPrefix);
void log_clear_prefixes(void);
int log_path_flags(const char *zPath, int nPath);
int log_file_flags(ShimFile *f);
void log_announce(ShimFile *f);
uint64_t log_file_event(ShimFile *f, ShimEvent *e);
void log_path_event(ShimEvent *e, const char *zPath, int nPath);
const unsigned char *log_contents(size_t *pnBytes);
void log_clear(void);
uint32_t log_next_file_id(void);
void log_write_header(unsigned char *out, uint32_t dropped, uint32_t count);
size_t log_encode(const ShimEvent *e, uint64_t seq, const char *zPath, int nPath, unsigned char *out);
void log_file_record(ShimFile *f, ShimEvent *e);

/* shim-faults.c: armed faults, seeded choices, freezing and the crash record. Callers hold
 * the lock. */
int faults_arm(const char *zPrefix, int nPrefix, int kindMask, int call, int64_t skip, int action,
               uint64_t seed, int options);
int faults_pending(void);
int faults_disarm(void);
void faults_match(ShimFile *f, int call, FaultPlan *plan);
uint64_t faults_next(uint64_t *state);
uint32_t faults_freeze(const char *zPrefix, int nPrefix);
void faults_record_crash(ShimFile *f, const ShimEvent *e, uint64_t seq);
unsigned char *faults_crash_record(size_t *pnBytes);
void faults_clear_crash(void);

/* shim-sql.c: the control functions on the loading connection. */
int shim_register_functions(sqlite3 *db);

#endif
