/* Ethernet frames written and read by hand for the network tests, the way
 * a guest's stack lays them out: ARP, IPv4 with UDP (DHCP) and TCP, with
 * real checksums (libslirp checks them).
 *
 * The build functions return a new GByteArray holding the whole frame;
 * net_frame_parse() reads one into a NetFrame whose pointers point into
 * the caller's buffer. Test-only: malformed input just parses as "not
 * that protocol". Addresses are in network byte order (struct in_addr's
 * s_addr) and MACs are six bytes. */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define NET_ETH_P_IP 0x0800
#define NET_ETH_P_ARP 0x0806

enum {
    NET_TCP_FIN = 0x01, NET_TCP_SYN = 0x02, NET_TCP_RST = 0x04,
    NET_TCP_PSH = 0x08, NET_TCP_ACK = 0x10,
};

/* The guest's MAC in these tests, and slirp's own (its gateway's). */
extern const uint8_t net_test_guest_mac[6];
extern const uint8_t net_test_broadcast_mac[6];

typedef struct NetFrame {
    uint8_t dst[6], src[6];
    uint16_t ethertype;
    /* ARP */
    uint16_t arp_op;
    uint8_t arp_sha[6], arp_tha[6];
    uint32_t arp_spa, arp_tpa;
    /* IPv4 */
    uint8_t ip_proto;
    uint32_t ip_src, ip_dst;
    /* UDP and TCP */
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t tcp_flags;
    const uint8_t *payload;
    size_t payload_len;
} NetFrame;

/* Whether the frame parses as Ethernet (ARP and IPv4 filled in when they
 * are those). */
bool net_frame_parse(const uint8_t *data, size_t len, NetFrame *f);

GByteArray *net_frame_arp_request(const uint8_t *mac, uint32_t sip,
                                  uint32_t tip);
GByteArray *net_frame_arp_reply(const uint8_t *mac, uint32_t sip,
                                const uint8_t *tmac, uint32_t tip);
/* A DHCP DISCOVER from mac (0.0.0.0:68 to 255.255.255.255:67). */
GByteArray *net_frame_dhcp_discover(const uint8_t *mac, uint32_t xid);
/* A TCP segment with options-free header. */
GByteArray *net_frame_tcp(const uint8_t *src_mac, const uint8_t *dst_mac,
                          uint32_t sip, uint16_t sport, uint32_t dip,
                          uint16_t dport, uint32_t seq, uint32_t ack,
                          uint8_t flags, const void *payload, size_t len);

/* In a DHCP payload (BOOTP): the message type (option 53), 0 if none;
 * yiaddr and xid. */
uint8_t net_dhcp_message_type(const NetFrame *f);
uint32_t net_dhcp_yiaddr(const NetFrame *f);
uint32_t net_dhcp_xid(const NetFrame *f);

/* inet_addr() that asserts. */
uint32_t net_ip(const char *dotted);
