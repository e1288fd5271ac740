/* Loopback TCP ports for the networking tests: one nothing listens on,
 * whether something listens on one, and a connection to one. Test
 * scaffolding: failures of the calls themselves abort the test. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* A port on 127.0.0.1 nothing listens on (bound and closed: the kernel
 * does not hand it out again at once). */
uint16_t net_test_free_port(void);
/* Whether something accepts TCP connections on 127.0.0.1:port. */
bool net_test_listening(uint16_t port);
/* connect() to 127.0.0.1:port: the socket (the caller's), or -errno. */
int net_test_connect_local(uint16_t port);
