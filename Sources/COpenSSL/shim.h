// OpenSSL 3 (Debian's libssl-dev): a TLS handshake to read the certificate a server presents, and its parsing.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netdb.h>
#include <poll.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <time.h>

// The stack, BIO and SNI accessors below are macros in OpenSSL's headers; Swift cannot call macros.
static inline int sipgpo_general_names_count(const GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }

// The DNS name of entry `index`, or NULL when that entry is not a DNS name.
static inline const unsigned char *sipgpo_general_name_dns(const GENERAL_NAMES *names, int index, int *length) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, index);
    if (name == NULL || name->type != GEN_DNS) return NULL;
    *length = ASN1_STRING_length(name->d.dNSName);
    return ASN1_STRING_get0_data(name->d.dNSName);
}

static inline long sipgpo_bio_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

static inline long sipgpo_set_sni(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }

// Connects a TCP socket to a numeric address within `timeout_ms`, then sets the same timeout on reads and writes.
// Returns the descriptor, or -errno.
static inline int sipgpo_connect(const char *address, const char *port, int timeout_ms) {
    struct addrinfo hints, *found = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(address, port, &hints, &found) != 0 || found == NULL) return -EINVAL;
    int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { int e = errno; freeaddrinfo(found); return -e; }
    int flags = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int result = connect(fd, found->ai_addr, found->ai_addrlen);
    freeaddrinfo(found);
    if (result != 0 && errno != EINPROGRESS) { int e = errno; close(fd); return -e; }
    if (result != 0) {
        struct pollfd poller = { .fd = fd, .events = POLLOUT };
        int ready = poll(&poller, 1, timeout_ms);
        if (ready <= 0) { close(fd); return ready == 0 ? -ETIMEDOUT : -errno; }
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) { close(fd); return -error; }
    }
    fcntl(fd, F_SETFL, flags);
    struct timeval limit = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    return fd;
}

static inline unsigned long sipgpo_name_flags_rfc2253(void) { return XN_FLAG_RFC2253; }
