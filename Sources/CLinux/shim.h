#ifndef KUBE_CONSOLE_CLINUX_SHIM_H
#define KUBE_CONSOLE_CLINUX_SHIM_H
// Linux interfaces of glibc that Swift's Glibc module does not export. No library to link: this is libc.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

struct sockaddr;
// accept4 is a GNU extension the Glibc module hides; declared here rather than redefining _GNU_SOURCE there.
extern int accept4(int fd, struct sockaddr *addr, unsigned int *addrlen, int flags);
static inline int kc_accept4(int fd, struct sockaddr *addr, unsigned int *addrlen, int flags) {
    return accept4(fd, addr, addrlen, flags);
}

// CPUs this process may run on (CPU_COUNT is a macro): `taskset -c 0` gives one.
static inline int kc_affinity_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
    return CPU_COUNT(&set);
}
#endif
