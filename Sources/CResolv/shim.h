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

// Builds a standard query for one name and type into buf (res_nmkquery; the message ID is random).
static inline int sipgpo_res_mkquery(res_state state, const char *name, int type, unsigned char *buf, int length) {
    return res_nmkquery(state, ns_o_query, name, ns_c_in, type, NULL, 0, NULL, buf, length);
}

// The address of name server `index` of a resolver state, IPv4 or IPv6 (as glibc's own __res_get_nsaddr reads it):
// copied into `out`, its length returned; 0 when there is no such server.
static inline socklen_t sipgpo_res_server(res_state state, int index, struct sockaddr_storage *out) {
    if (index < 0 || index >= state->nscount || index >= MAXNS) return 0;
    if (state->nsaddr_list[index].sin_family == 0 && state->_u._ext.nsaddrs[index] != NULL) {
        memcpy(out, state->_u._ext.nsaddrs[index], sizeof(struct sockaddr_in6));
        return sizeof(struct sockaddr_in6);
    }
    if (state->nsaddr_list[index].sin_family != AF_INET) return 0;
    memcpy(out, &state->nsaddr_list[index], sizeof(struct sockaddr_in));
    return sizeof(struct sockaddr_in);
}
