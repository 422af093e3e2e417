/*
 * The shim's armed faults, its seeded choices, and crashes. The simulator arms a fault for the
 * next call that matches it: a folder, a set of file kinds, one call kind, after `skip`
 * matching calls. Faults fire once, in the order they were armed: each matching call counts
 * down every armed fault that still has calls to skip, and the first one with none left fires.
 *
 * A crash freezes every open file under the fault's folder as it fires: the process that owned
 * them is gone, so nothing it does later may reach them. Its record (the file and the fault
 * event) stays until the next reset, for the simulator to ask where the crash happened.
 *
 * Randomness comes only from the seed armed with the fault (splitmix64), never from the
 * process: the same seed on the same call damages the same bytes.
 */
#include <string.h>

#include "shim.h"

typedef struct Fault {
  char *zPrefix;
  int nPrefix;
  int kindMask;
  int call;
  int64_t skip;
  int action;
  uint64_t seed;
  int options;
} Fault;

static Fault faults[FAULTS_ARMED_MAX];
static int fault_count = 0;
static unsigned char *crash_record = 0;
static size_t crash_record_bytes = 0;

/* Arms one fault; returns the number armed, or -1 when the table is full. */
int faults_arm(const char *zPrefix, int nPrefix, int kindMask, int call, int64_t skip, int action,
               uint64_t seed, int options) {
  Fault *fault;
  char *copy;
  if (fault_count == FAULTS_ARMED_MAX) return -1;
  copy = sqlite3_malloc(nPrefix + 1);
  if (copy == 0) return -1;
  memcpy(copy, zPrefix, (size_t)nPrefix);
  copy[nPrefix] = 0;
  fault = &faults[fault_count++];
  fault->zPrefix = copy;
  fault->nPrefix = nPrefix;
  fault->kindMask = kindMask;
  fault->call = call;
  fault->skip = skip;
  fault->action = action;
  fault->seed = seed;
  fault->options = options;
  return fault_count;
}

int faults_pending(void) { return fault_count; }

int faults_disarm(void) {
  int i;
  int count = fault_count;
  for (i = 0; i < fault_count; i++) sqlite3_free(faults[i].zPrefix);
  fault_count = 0;
  return count;
}

static int under(const char *zPath, int nPath, const char *zPrefix, int nPrefix) {
  return nPath >= nPrefix && memcmp(zPath, zPrefix, (size_t)nPrefix) == 0;
}

void faults_match(ShimFile *f, int call, FaultPlan *plan) {
  int i;
  int fired = -1;
  plan->action = 0;
  for (i = 0; i < fault_count; i++) {
    Fault *fault = &faults[i];
    if (fault->call != call || !(fault->kindMask & (1 << f->kind))) continue;
    if (!under(f->zPath, f->nPath, fault->zPrefix, fault->nPrefix)) continue;
    if (fault->skip > 0) {
      fault->skip--;
      continue;
    }
    if (fired < 0) fired = i;
  }
  if (fired < 0) return;
  plan->action = faults[fired].action;
  plan->options = faults[fired].options;
  plan->seed = faults[fired].seed;
  plan->frozenFiles = 0;
  if (plan->action == ACT_CRASH) {
    plan->frozenFiles = faults_freeze(faults[fired].zPrefix, faults[fired].nPrefix);
  }
  sqlite3_free(faults[fired].zPrefix);
  memmove(&faults[fired], &faults[fired + 1], (size_t)(fault_count - fired - 1) * sizeof(Fault));
  fault_count--;
}

/* splitmix64: one 64-bit draw from the state. */
uint64_t faults_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Freezes every open file under the folder; returns how many were not frozen yet. */
uint32_t faults_freeze(const char *zPrefix, int nPrefix) {
  uint32_t count = 0;
  ShimFile *f;
  for (f = shim_open_files(); f; f = f->pNext) {
    if (f->frozen || !under(f->zPath, f->nPath, zPrefix, nPrefix)) continue;
    f->frozen = 1;
    count++;
  }
  return count;
}

/* Keeps the latest crash as a small log of its own: the file's record, then the fault's. */
void faults_record_crash(ShimFile *f, const ShimEvent *e, uint64_t seq) {
  ShimEvent file;
  size_t bytes = LOG_HEADER_BYTES + 2 * RECORD_BYTES + (size_t)f->nPath;
  unsigned char *out = sqlite3_malloc64(bytes);
  if (out == 0) return;
  log_write_header(out, 0, 2);
  log_file_record(f, &file);
  log_encode(&file, 0, f->zPath, f->nPath, out + LOG_HEADER_BYTES);
  log_encode(e, seq, 0, 0, out + LOG_HEADER_BYTES + RECORD_BYTES + (size_t)f->nPath);
  sqlite3_free(crash_record);
  crash_record = out;
  crash_record_bytes = bytes;
}

/* A copy of the crash record (the caller frees it), or null when no crash fired. */
unsigned char *faults_crash_record(size_t *pnBytes) {
  unsigned char *copy;
  if (crash_record == 0) return 0;
  copy = sqlite3_malloc64(crash_record_bytes);
  if (copy == 0) return 0;
  memcpy(copy, crash_record, crash_record_bytes);
  *pnBytes = crash_record_bytes;
  return copy;
}

void faults_clear_crash(void) {
  sqlite3_free(crash_record);
  crash_record = 0;
  crash_record_bytes = 0;
}
