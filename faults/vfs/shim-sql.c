/*
 * The shim's control surface: SQL functions on the connection that loaded it, which only the
 * TypeScript binding (faults/vfs/IoShim.ts) calls. They are direct-only, so no schema object
 * (a view or trigger in some database) can call them.
 *
 *   dst_io_version()                 the protocol version of this build
 *   dst_io_record(folder, flags)     record calls on files under folder (REC_* flags)
 *   dst_io_unrecord(folder)          stop recording that folder
 *   dst_io_drain()                   the log since the last drain, as one BLOB
 *   dst_io_arm(folder, kinds, call, skip, action, seed, options)
 *   dst_io_pending()                 faults armed and not fired yet
 *   dst_io_disarm()                  drop every armed fault
 *   dst_io_freeze(folder)            crash now: freeze every open file under folder
 *   dst_io_crash()                   the latest crash's record, or NULL
 *   dst_io_clear_crash()             forget that record (the simulator has dealt with it)
 *   dst_io_reset()                   clear the log, prefixes, faults and crash record
 *
 * Arguments are checked here once more, although the binding checks them first: a bad value
 * must fail loudly, never arm something else.
 */
#include <string.h>

#include "shim.h"

/* A folder argument: non-empty text shorter than PATH_BYTES_MAX; else an error is set. */
static const char *folder_arg(sqlite3_context *ctx, sqlite3_value *value, int *pn) {
  const char *z = (const char *)sqlite3_value_text(value);
  int n = sqlite3_value_bytes(value);
  if (z == 0 || n == 0 || n >= PATH_BYTES_MAX) {
    sqlite3_result_error(ctx, "dst-shim: a folder must be a non-empty path", -1);
    return 0;
  }
  *pn = n;
  return z;
}

static void fn_version(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_int(ctx, SHIM_PROTOCOL_VERSION);
}

static void fn_record(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int n;
  int count;
  int flags = sqlite3_value_int(argv[1]);
  const char *z = folder_arg(ctx, argv[0], &n);
  (void)argc;
  if (z == 0) return;
  if ((flags & ~(REC_ON | REC_READS)) != 0 || !(flags & REC_ON)) {
    sqlite3_result_error(ctx, "dst-shim: recording flags must include REC_ON and nothing unknown", -1);
    return;
  }
  shim_enter();
  count = log_record_prefix(z, n, flags);
  shim_leave();
  if (count < 0) {
    sqlite3_result_error(ctx, "dst-shim: too many recorded folders", -1);
    return;
  }
  sqlite3_result_int(ctx, count);
}

static void fn_unrecord(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int n;
  int removed;
  const char *z = folder_arg(ctx, argv[0], &n);
  (void)argc;
  if (z == 0) return;
  shim_enter();
  removed = log_unrecord_prefix(z, n);
  shim_leave();
  sqlite3_result_int(ctx, removed);
}

static void fn_drain(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  size_t bytes = 0;
  const unsigned char *log;
  (void)argc;
  (void)argv;
  shim_enter();
  log = log_contents(&bytes);
  if (log == 0) {
    shim_leave();
    sqlite3_result_error_nomem(ctx);
    return;
  }
  /* SQLite copies the bytes out before the log is emptied for the next step. */
  sqlite3_result_blob64(ctx, log, bytes, SQLITE_TRANSIENT);
  log_clear();
  shim_leave();
}

static int valid_call(int call) {
  return call == EV_READ || call == EV_WRITE || call == EV_TRUNCATE || call == EV_SYNC;
}

static int valid_action(int action, int call) {
  switch (action) {
    case ACT_EIO:
      return 1;
    case ACT_SHORT_WRITE:
    case ACT_ENOSPC:
      return call == EV_WRITE;
    case ACT_TORN_READ:
      return call == EV_READ;
    case ACT_CRASH:
      return 1;
    default:
      return 0;
  }
}

static void fn_arm(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int n;
  int count;
  const char *z = folder_arg(ctx, argv[0], &n);
  int kindMask = sqlite3_value_int(argv[1]);
  int call = sqlite3_value_int(argv[2]);
  sqlite3_int64 skip = sqlite3_value_int64(argv[3]);
  int action = sqlite3_value_int(argv[4]);
  uint64_t seed = (uint64_t)sqlite3_value_int64(argv[5]);
  int options = sqlite3_value_int(argv[6]);
  (void)argc;
  if (z == 0) return;
  if (kindMask <= 0 || kindMask >= (1 << (KIND_SHM + 1)) || !valid_call(call) || skip < 0 ||
      !valid_action(action, call) || (options & ~7) != 0) {
    sqlite3_result_error(ctx, "dst-shim: invalid fault", -1);
    return;
  }
  shim_enter();
  count = faults_arm(z, n, kindMask, call, skip, action, seed, options);
  shim_leave();
  if (count < 0) {
    sqlite3_result_error(ctx, "dst-shim: too many faults armed", -1);
    return;
  }
  sqlite3_result_int(ctx, count);
}

static void fn_pending(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int count;
  (void)argc;
  (void)argv;
  shim_enter();
  count = faults_pending();
  shim_leave();
  sqlite3_result_int(ctx, count);
}

static void fn_disarm(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int count;
  (void)argc;
  (void)argv;
  shim_enter();
  count = faults_disarm();
  shim_leave();
  sqlite3_result_int(ctx, count);
}

static void fn_freeze(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int n;
  uint32_t count;
  const char *z = folder_arg(ctx, argv[0], &n);
  (void)argc;
  if (z == 0) return;
  shim_enter();
  count = faults_freeze(z, n);
  shim_leave();
  sqlite3_result_int64(ctx, count);
}

static void fn_crash(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  size_t bytes = 0;
  unsigned char *record;
  (void)argc;
  (void)argv;
  shim_enter();
  record = faults_crash_record(&bytes);
  shim_leave();
  if (record == 0) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_blob64(ctx, record, bytes, sqlite3_free);
}

static void fn_clear_crash(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  shim_enter();
  faults_clear_crash();
  shim_leave();
  sqlite3_result_null(ctx);
}

static void fn_reset(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  ShimFile *f;
  (void)argc;
  (void)argv;
  shim_enter();
  log_clear();
  log_clear_prefixes();
  faults_disarm();
  faults_clear_crash();
  /* The reader forgets every file at a reset, so each must be introduced again. Frozen files
   * stay frozen: their process is still gone. */
  for (f = shim_open_files(); f; f = f->pNext) f->announced = 0;
  shim_leave();
  sqlite3_result_null(ctx);
}

int shim_register_functions(sqlite3 *db) {
  static const struct {
    const char *name;
    int argc;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
  } functions[] = {
      {"dst_io_version", 0, fn_version}, {"dst_io_record", 2, fn_record},
      {"dst_io_unrecord", 1, fn_unrecord}, {"dst_io_drain", 0, fn_drain},
      {"dst_io_arm", 7, fn_arm},         {"dst_io_pending", 0, fn_pending},
      {"dst_io_disarm", 0, fn_disarm},   {"dst_io_freeze", 1, fn_freeze},
      {"dst_io_crash", 0, fn_crash},     {"dst_io_clear_crash", 0, fn_clear_crash},
      {"dst_io_reset", 0, fn_reset},
  };
  size_t i;
  for (i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
    int rc = sqlite3_create_function_v2(db, functions[i].name, functions[i].argc,
                                        SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, functions[i].fn, 0, 0, 0);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
