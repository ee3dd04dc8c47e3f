#ifndef KUBE_CONSOLE_CLINUX_SHIM_H
#define KUBE_CONSOLE_CLINUX_SHIM_H
// Linux interfaces of glibc that Swift's Glibc module does not export. No library to link: this is libc.
// No _GNU_SOURCE here: it would change shared system headers (fd_set) under other modules' feet, so the
// two GNU functions needed are declared directly.
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

struct sockaddr;
extern int accept4(int fd, struct sockaddr *addr, unsigned int *addrlen, int flags);
extern int sched_getaffinity(int pid, size_t cpusetsize, void *mask);

static inline int kc_accept4(int fd, struct sockaddr *addr, unsigned int *addrlen, int flags) {
    return accept4(fd, addr, addrlen, flags);
}

// CPUs this process may run on: `taskset -c 0` gives one.
static inline int kc_affinity_cpu_count(void) {
    unsigned long mask[16] = {0};  // 1024 CPUs, glibc's cpu_set_t
    if (sched_getaffinity(0, sizeof(mask), mask) != 0) return 0;
    int count = 0;
    for (int i = 0; i < 16; i++) count += __builtin_popcountl(mask[i]);
    return count;
}
#endif
