// An LD_PRELOAD shim that fails one chosen write/fsync/fdatasync call with EIO, to test how
// flarelog reports I/O errors. Only calls on regular files other than stdin/stdout/stderr count.
//
//   FAULTY_IO_CALLS  which calls count: any of write,fsync (fdatasync counts as fsync); default both
//   FAULTY_IO_AT     fail the Nth counted call (1-based); unset or 0: fail none
//   FAULTY_IO_ERRNO  the errno to fail with (default EIO = 5)
//   FAULTY_IO_COUNT  a file that receives the number of counted calls when the process exits
//
// Build: cc -shared -fPIC -O2 -o faulty_io.so faulty_io.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long fail_at;
static int fail_errno = EIO;
static int count_writes = 1, count_syncs = 1;
static long counted;
static const char *count_file;

static void report(void) {
    if (!count_file) return;
    FILE *f = fopen(count_file, "w");
    if (f) {
        fprintf(f, "%ld\n", counted);
        fclose(f);
    }
}

__attribute__((constructor)) static void setup(void) {
    const char *at = getenv("FAULTY_IO_AT");
    const char *calls = getenv("FAULTY_IO_CALLS");
    const char *err = getenv("FAULTY_IO_ERRNO");
    fail_at = at ? atol(at) : 0;
    if (err) fail_errno = atoi(err);
    if (calls) {
        count_writes = strstr(calls, "write") != NULL;
        count_syncs = strstr(calls, "sync") != NULL;
    }
    count_file = getenv("FAULTY_IO_COUNT");
    if (count_file) atexit(report);
}

// True when this call on fd is the one to fail.
static int should_fail(int fd, int enabled) {
    if (!enabled || fd <= 2) return 0;
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return 0;
    long n = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
    return fail_at > 0 && n == fail_at;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t write(int fd, const void *buf, size_t n) {
    if (should_fail(fd, count_writes)) return errno = fail_errno, -1;
    return NEXT(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset) {
    if (should_fail(fd, count_writes)) return errno = fail_errno, -1;
    return NEXT(pwrite)(fd, buf, n, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t offset) {
    if (should_fail(fd, count_writes)) return errno = fail_errno, -1;
    return NEXT(pwrite64)(fd, buf, n, offset);
}

int fsync(int fd) {
    if (should_fail(fd, count_syncs)) return errno = fail_errno, -1;
    return NEXT(fsync)(fd);
}

int fdatasync(int fd) {
    if (should_fail(fd, count_syncs)) return errno = fail_errno, -1;
    return NEXT(fdatasync)(fd);
}
