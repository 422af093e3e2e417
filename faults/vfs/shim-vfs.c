/*
 * The shim's sqlite3_vfs: the extension's entry point, its registration as SQLite's default
 * VFS, the global lock and the list of open files. Every VFS method forwards to the VFS that
 * was the default before (unix on Linux), passing that VFS's own pointer; only xOpen (which
 * wraps the file) and xDelete (which is recorded) do more.
 *
 * Left out: the io methods of an open file (shim-file.c) and everything about the log, the
 * faults and the SQL functions (their own files).
 */
#include <string.h>

#include "shim.h"

SQLITE_EXTENSION_INIT1

static sqlite3_vfs *real_vfs = 0;
static sqlite3_mutex *shim_mutex = 0;
static ShimFile *open_files = 0;

void shim_enter(void) { sqlite3_mutex_enter(shim_mutex); }
void shim_leave(void) { sqlite3_mutex_leave(shim_mutex); }
ShimFile *shim_open_files(void) { return open_files; }

static int shimOpen(sqlite3_vfs *pVfs, sqlite3_filename zName, sqlite3_file *pFile, int flags,
                    int *pOutFlags) {
  ShimFile *f = (ShimFile *)pFile;
  int rc;
  (void)pVfs;
  rc = shim_file_open(real_vfs, zName, f, flags, pOutFlags);
  if (f->base.pMethods == 0) return rc;
  shim_enter();
  f->id = log_next_file_id();
  f->pPrev = 0;
  f->pNext = open_files;
  if (open_files) open_files->pPrev = f;
  open_files = f;
  if (log_file_flags(f) & REC_ON) log_announce(f);
  shim_leave();
  return rc;
}

/* Called by shim-file.c's xClose, under the lock. */
void shim_unlink_file(ShimFile *f) {
  if (f->pPrev) f->pPrev->pNext = f->pNext;
  else open_files = f->pNext;
  if (f->pNext) f->pNext->pPrev = f->pPrev;
  f->pNext = f->pPrev = 0;
}

/*
 * A crashed process never deletes what it left behind: SQLite deletes a WAL or a journal only
 * after a successful checkpoint or commit, under a lock that a frozen file refuses.
 */
static int shimDelete(sqlite3_vfs *pVfs, const char *zPath, int syncDir) {
  int rc;
  int nPath = zPath ? (int)strlen(zPath) : 0;
  (void)pVfs;
  rc = real_vfs->xDelete(real_vfs, zPath, syncDir);
  if (zPath == 0) return rc;
  shim_enter();
  if (log_path_flags(zPath, nPath) & REC_ON) {
    ShimEvent e;
    memset(&e, 0, sizeof(e));
    e.type = EV_DELETE;
    e.kind = shim_kind_of_path(zPath, nPath);
    e.flags = syncDir;
    e.code = rc;
    log_path_event(&e, zPath, nPath);
  }
  shim_leave();
  return rc;
}

static int shimAccess(sqlite3_vfs *pVfs, const char *zPath, int flags, int *pResOut) {
  (void)pVfs;
  return real_vfs->xAccess(real_vfs, zPath, flags, pResOut);
}

static int shimFullPathname(sqlite3_vfs *pVfs, const char *zPath, int nOut, char *zOut) {
  (void)pVfs;
  return real_vfs->xFullPathname(real_vfs, zPath, nOut, zOut);
}

static void *shimDlOpen(sqlite3_vfs *pVfs, const char *zPath) {
  (void)pVfs;
  return real_vfs->xDlOpen(real_vfs, zPath);
}

static void shimDlError(sqlite3_vfs *pVfs, int nByte, char *zErrMsg) {
  (void)pVfs;
  real_vfs->xDlError(real_vfs, nByte, zErrMsg);
}

static void (*shimDlSym(sqlite3_vfs *pVfs, void *p, const char *zSym))(void) {
  (void)pVfs;
  return real_vfs->xDlSym(real_vfs, p, zSym);
}

static void shimDlClose(sqlite3_vfs *pVfs, void *pHandle) {
  (void)pVfs;
  real_vfs->xDlClose(real_vfs, pHandle);
}

static int shimRandomness(sqlite3_vfs *pVfs, int nByte, char *zBuf) {
  (void)pVfs;
  return real_vfs->xRandomness(real_vfs, nByte, zBuf);
}

static int shimSleep(sqlite3_vfs *pVfs, int microseconds) {
  (void)pVfs;
  return real_vfs->xSleep(real_vfs, microseconds);
}

static int shimCurrentTime(sqlite3_vfs *pVfs, double *pTime) {
  (void)pVfs;
  return real_vfs->xCurrentTime(real_vfs, pTime);
}

static int shimGetLastError(sqlite3_vfs *pVfs, int nByte, char *zBuf) {
  (void)pVfs;
  return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, nByte, zBuf) : 0;
}

static int shimCurrentTimeInt64(sqlite3_vfs *pVfs, sqlite3_int64 *pTime) {
  (void)pVfs;
  if (real_vfs->iVersion >= 2 && real_vfs->xCurrentTimeInt64) {
    return real_vfs->xCurrentTimeInt64(real_vfs, pTime);
  }
  {
    double day = 0;
    int rc = real_vfs->xCurrentTime(real_vfs, &day);
    *pTime = (sqlite3_int64)(day * 86400000.0);
    return rc;
  }
}

static int shimSetSystemCall(sqlite3_vfs *pVfs, const char *zName, sqlite3_syscall_ptr pCall) {
  (void)pVfs;
  if (real_vfs->iVersion < 3 || real_vfs->xSetSystemCall == 0) return SQLITE_NOTFOUND;
  return real_vfs->xSetSystemCall(real_vfs, zName, pCall);
}

static sqlite3_syscall_ptr shimGetSystemCall(sqlite3_vfs *pVfs, const char *zName) {
  (void)pVfs;
  if (real_vfs->iVersion < 3 || real_vfs->xGetSystemCall == 0) return 0;
  return real_vfs->xGetSystemCall(real_vfs, zName);
}

static const char *shimNextSystemCall(sqlite3_vfs *pVfs, const char *zName) {
  (void)pVfs;
  if (real_vfs->iVersion < 3 || real_vfs->xNextSystemCall == 0) return 0;
  return real_vfs->xNextSystemCall(real_vfs, zName);
}

static sqlite3_vfs shim_vfs = {
    3,             /* iVersion, lowered to the real VFS's at registration */
    0,             /* szOsFile, set at registration */
    0,             /* mxPathname, copied at registration */
    0,             /* pNext */
    SHIM_VFS_NAME, /* zName */
    0,             /* pAppData */
    shimOpen,
    shimDelete,
    shimAccess,
    shimFullPathname,
    shimDlOpen,
    shimDlError,
    shimDlSym,
    shimDlClose,
    shimRandomness,
    shimSleep,
    shimCurrentTime,
    shimGetLastError,
    shimCurrentTimeInt64,
    shimSetSystemCall,
    shimGetSystemCall,
    shimNextSystemCall,
};

/* Wraps the current default VFS once per process; later loads only add the SQL functions. */
int shim_register(void) {
  sqlite3_vfs *current;
  if (real_vfs) return SQLITE_OK;
  current = sqlite3_vfs_find(0);
  if (current == 0) return SQLITE_ERROR;
  /* A second copy of this library (another path) would wrap the first: refuse it. */
  if (strcmp(current->zName, SHIM_VFS_NAME) == 0) return SQLITE_ERROR;
  shim_mutex = sqlite3_mutex_alloc(SQLITE_MUTEX_FAST);
  if (shim_mutex == 0) return SQLITE_NOMEM;
  real_vfs = current;
  shim_vfs.iVersion = current->iVersion < 3 ? current->iVersion : 3;
  /* Our fields first, then the real file, 8-byte aligned. */
  shim_vfs.szOsFile = (int)SHIM_FILE_BYTES + current->szOsFile;
  shim_vfs.mxPathname = current->mxPathname;
  return sqlite3_vfs_register(&shim_vfs, 1);
}

/* The only exported symbol: the build hides the rest (-fvisibility=hidden). */
__attribute__((visibility("default"))) int sqlite3_dstshim_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  int rc;
  SQLITE_EXTENSION_INIT2(pApi);
  rc = shim_register();
  if (rc != SQLITE_OK) {
    if (pzErrMsg) *pzErrMsg = sqlite3_mprintf("dst-shim: cannot register the VFS (code %d)", rc);
    return rc;
  }
  rc = shim_register_functions(db);
  if (rc != SQLITE_OK) {
    if (pzErrMsg) *pzErrMsg = sqlite3_mprintf("dst-shim: cannot add the SQL functions (code %d)", rc);
    return rc;
  }
  /* The VFS outlives the loading connection: keep the library mapped when it closes. */
  return SQLITE_OK_LOAD_PERMANENTLY;
}
