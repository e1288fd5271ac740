/* Hand-made Ethernet frames for the network tests: see net-test-frames.h. */
#include "net-test-frames.h"

#include <arpa/inet.h>
#include <string.h>

const uint8_t net_test_guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const uint8_t net_test_broadcast_mac[6] = { 0xff, 0xff, 0xff,
                                            0xff, 0xff, 0xff };

enum { ETH_HLEN = 14, IP_HLEN = 20, UDP_HLEN = 8, TCP_HLEN = 20,
       BOOTP_LEN = 300 };

uint32_t net_ip(const char *dotted)
{
    struct in_addr a;

    g_assert_true(inet_aton(dotted, &a));
    return a.s_addr;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    }
    if (len & 1) {
        sum += (uint32_t)p[len - 1] << 8;
    }
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static uint16_t get16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint8_t *frame_eth(GByteArray *b, const uint8_t *dst,
                          const uint8_t *src, uint16_t type, size_t rest)
{
    g_byte_array_set_size(b, ETH_HLEN + rest);
    memset(b->data, 0, b->len);
    memcpy(b->data, dst, 6);
    memcpy(b->data + 6, src, 6);
    put16(b->data + 12, type);
    return b->data + ETH_HLEN;
}

/* An IPv4 header for payload_len bytes of proto; returns the payload. */
static uint8_t *ip_header(uint8_t *ip, uint8_t proto, uint32_t src,
                          uint32_t dst, size_t payload_len)
{
    ip[0] = 0x45;
    put16(ip + 2, IP_HLEN + payload_len);
    ip[8] = 64;
    ip[9] = proto;
    memcpy(ip + 12, &src, 4);
    memcpy(ip + 16, &dst, 4);
    put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
    return ip + IP_HLEN;
}

static uint16_t l4_checksum(const uint8_t *ip, const uint8_t *l4,
                            size_t len)
{
    uint8_t pseudo[12];

    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = ip[9];
    put16(pseudo + 10, len);
    return csum_fold(csum_add(csum_add(0, pseudo, 12), l4, len));
}

static GByteArray *frame_arp(uint16_t op, const uint8_t *dst,
                             const uint8_t *mac, uint32_t sip,
                             const uint8_t *tmac, uint32_t tip)
{
    GByteArray *b = g_byte_array_new();
    uint8_t *arp = frame_eth(b, dst, mac, NET_ETH_P_ARP, 28);

    put16(arp, 1);              /* Ethernet */
    put16(arp + 2, NET_ETH_P_IP);
    arp[4] = 6;
    arp[5] = 4;
    put16(arp + 6, op);
    memcpy(arp + 8, mac, 6);
    memcpy(arp + 14, &sip, 4);
    memcpy(arp + 18, tmac, 6);
    memcpy(arp + 24, &tip, 4);
    return b;
}

GByteArray *net_frame_arp_request(const uint8_t *mac, uint32_t sip,
                                  uint32_t tip)
{
    static const uint8_t zero[6];

    return frame_arp(1, net_test_broadcast_mac, mac, sip, zero, tip);
}

GByteArray *net_frame_arp_reply(const uint8_t *mac, uint32_t sip,
                                const uint8_t *tmac, uint32_t tip)
{
    return frame_arp(2, tmac, mac, sip, tmac, tip);
}

GByteArray *net_frame_dhcp_discover(const uint8_t *mac, uint32_t xid)
{
    GByteArray *b = g_byte_array_new();
    uint8_t *ip = frame_eth(b, net_test_broadcast_mac, mac, NET_ETH_P_IP,
                            IP_HLEN + UDP_HLEN + BOOTP_LEN);
    uint8_t *udp = ip_header(ip, IPPROTO_UDP, 0, 0xffffffff,
                             UDP_HLEN + BOOTP_LEN);
    uint8_t *bootp = udp + UDP_HLEN;
    static const uint8_t options[] = {
        99, 130, 83, 99,        /* the magic cookie */
        53, 1, 1,               /* DHCP DISCOVER */
        255,
    };

    put16(udp, 68);
    put16(udp + 2, 67);
    put16(udp + 4, UDP_HLEN + BOOTP_LEN);
    bootp[0] = 1;               /* BOOTREQUEST */
    bootp[1] = 1;
    bootp[2] = 6;
    put32(bootp + 4, xid);
    memcpy(bootp + 28, mac, 6);
    memcpy(bootp + 236, options, sizeof(options));
    put16(udp + 6, l4_checksum(ip, udp, UDP_HLEN + BOOTP_LEN));
    return b;
}

GByteArray *net_frame_tcp(const uint8_t *src_mac, const uint8_t *dst_mac,
                          uint32_t sip, uint16_t sport, uint32_t dip,
                          uint16_t dport, uint32_t seq, uint32_t ack,
                          uint8_t flags, const void *payload, size_t len)
{
    GByteArray *b = g_byte_array_new();
    uint8_t *ip = frame_eth(b, dst_mac, src_mac, NET_ETH_P_IP,
                            IP_HLEN + TCP_HLEN + len);
    uint8_t *tcp = ip_header(ip, IPPROTO_TCP, sip, dip, TCP_HLEN + len);

    put16(tcp, sport);
    put16(tcp + 2, dport);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[12] = (TCP_HLEN / 4) << 4;
    tcp[13] = flags;
    put16(tcp + 14, 65535);     /* window */
    if (len) {
        memcpy(tcp + TCP_HLEN, payload, len);
    }
    put16(tcp + 16, l4_checksum(ip, tcp, TCP_HLEN + len));
    return b;
}

bool net_frame_parse(const uint8_t *data, size_t len, NetFrame *f)
{
    const uint8_t *ip;
    size_t ihl, total;

    memset(f, 0, sizeof(*f));
    if (len < ETH_HLEN) {
        return false;
    }
    memcpy(f->dst, data, 6);
    memcpy(f->src, data + 6, 6);
    f->ethertype = get16(data + 12);
    data += ETH_HLEN;
    len -= ETH_HLEN;
    if (f->ethertype == NET_ETH_P_ARP && len >= 28) {
        f->arp_op = get16(data + 6);
        memcpy(f->arp_sha, data + 8, 6);
        memcpy(&f->arp_spa, data + 14, 4);
        memcpy(f->arp_tha, data + 18, 6);
        memcpy(&f->arp_tpa, data + 24, 4);
        return true;
    }
    if (f->ethertype != NET_ETH_P_IP || len < IP_HLEN) {
        return true;
    }
    ip = data;
    ihl = (ip[0] & 0xf) * 4;
    total = get16(ip + 2);
    if (ihl < IP_HLEN || total > len || total < ihl) {
        return true;
    }
    f->ip_proto = ip[9];
    memcpy(&f->ip_src, ip + 12, 4);
    memcpy(&f->ip_dst, ip + 16, 4);
    data = ip + ihl;
    len = total - ihl;
    if (f->ip_proto == IPPROTO_UDP && len >= UDP_HLEN) {
        f->sport = get16(data);
        f->dport = get16(data + 2);
        f->payload = data + UDP_HLEN;
        f->payload_len = len - UDP_HLEN;
    } else if (f->ip_proto == IPPROTO_TCP && len >= TCP_HLEN) {
        size_t off = (data[12] >> 4) * 4;

        f->sport = get16(data);
        f->dport = get16(data + 2);
        f->seq = get32(data + 4);
        f->ack = get32(data + 8);
        f->tcp_flags = data[13];
        if (off >= TCP_HLEN && off <= len) {
            f->payload = data + off;
            f->payload_len = len - off;
        }
    }
    return true;
}

uint8_t net_dhcp_message_type(const NetFrame *f)
{
    const uint8_t *opt, *end;

    if (f->payload_len < 240) {
        return 0;
    }
    opt = f->payload + 240;
    end = f->payload + f->payload_len;
    while (opt < end && *opt != 255) {
        if (*opt == 0) {
            opt++;
            continue;
        }
        if (opt + 2 > end || opt + 2 + opt[1] > end) {
            return 0;
        }
        if (opt[0] == 53 && opt[1] == 1) {
            return opt[2];
        }
        opt += 2 + opt[1];
    }
    return 0;
}

uint32_t net_dhcp_yiaddr(const NetFrame *f)
{
    uint32_t a = 0;

    if (f->payload_len >= 20) {
        memcpy(&a, f->payload + 16, 4);
    }
    return a;
}

uint32_t net_dhcp_xid(const NetFrame *f)
{
    return f->payload_len >= 8 ? get32(f->payload + 4) : 0;
}
