// An LD_PRELOAD shim that refuses every socket(), connect() and getaddrinfo() call and records it,
// to show that flarelog opens no network connection.
//
//   NO_NETWORK_LOG     a file to which each refused call appends one line
//   NO_NETWORK_LOADED  a file to which each process that loaded the shim appends its pid (a static
//                      program ignores LD_PRELOAD: then nothing is appended and nothing was tested)
//
// Build: cc -shared -fPIC -O2 -o no_network.so no_network.c
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

__attribute__((constructor)) static void loaded(void) {
    const char *path = getenv("NO_NETWORK_LOADED");
    FILE *f = path ? fopen(path, "a") : NULL;
    if (f) {
        fprintf(f, "%d\n", (int)getpid());
        fclose(f);
    }
}

static void record(const char *call, int detail) {
    const char *path = getenv("NO_NETWORK_LOG");
    FILE *f = path ? fopen(path, "a") : NULL;
    if (f) {
        fprintf(f, "%s %d\n", call, detail);
        fclose(f);
    }
}

int socket(int domain, int type, int protocol) {
    (void)protocol;
    record("socket", domain * 1000 + (type & 0xff));
    errno = EACCES;
    return -1;
}

int connect(int fd, const struct sockaddr *address, socklen_t length) {
    (void)length;
    record("connect", address ? address->sa_family : -1);
    (void)fd;
    errno = EACCES;
    return -1;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **result) {
    (void)service, (void)hints, (void)result;
    record("getaddrinfo", node ? 1 : 0);
    return EAI_FAIL;
}
