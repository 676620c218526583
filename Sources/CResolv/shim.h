// glibc's stub resolver (libresolv): res_ninit, res_nquery and the ns_* parser, which Swift's Glibc module lacks.
#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <string.h>

// ns_msg_count and the ns_rr accessors are macros; these wrappers make them callable from Swift.
static inline unsigned short sipgpo_ns_msg_count(const ns_msg *msg, ns_sect section) {
    return ns_msg_count(*msg, section);
}

static inline const char *sipgpo_ns_rr_name(const ns_rr *rr) { return rr->name; }

// Points the resolver state at one IPv4 server (address and port in host byte order).
static inline void sipgpo_res_set_server(res_state state, uint32_t address, uint16_t port) {
    struct sockaddr_in server;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    server.sin_addr.s_addr = htonl(address);
    state->nsaddr_list[0] = server;
    state->nscount = 1;
}

// res_ninit and res_nclose are macros over glibc's __res_ninit and __res_nclose.
static inline int sipgpo_res_ninit(res_state state) { return res_ninit(state); }
static inline void sipgpo_res_nclose(res_state state) { res_nclose(state); }
