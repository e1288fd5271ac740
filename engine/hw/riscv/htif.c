/* HTIF: the tohost/fromhost registers and the commands behind them. */
#include "htif.h"

#include "runstate.h"

#include <errno.h>
#include <inttypes.h>

/* Devices and their commands. */
enum {
    HTIF_DEV_SYSCALL = 0,
    HTIF_DEV_CONSOLE = 1,
    HTIF_SYSCALL_CMD = 0,
    HTIF_CONSOLE_CMD_GETC = 0,
    HTIF_CONSOLE_CMD_PUTC = 1,
};

/* The syscalls riscv-tests' runtime proxies (Linux's riscv numbers). */
enum { HTIF_SYS_WRITE = 64, HTIF_SYS_EXIT = 93 };

#define HTIF_PAYLOAD_MASK ((UINT64_C(1) << 48) - 1)
#define HTIF_CMD(dev, cmd, payload) \
    ((uint64_t)(dev) << 56 | (uint64_t)(cmd) << 48 | \
     ((payload) & HTIF_PAYLOAD_MASK))

struct Htif {
    MemoryRegion *sysmem;       /* borrowed */
    AddressSpace *as;           /* borrowed */
    Chardev *chr;               /* borrowed, may be NULL */
    MemoryRegion tohost_mr;
    MemoryRegion fromhost_mr;
    uint64_t tohost;
    uint64_t fromhost;
    bool getc_pending;          /* a console read waits for a byte */
    bool in_command;            /* a command is running */
    bool exited;                /* exit reported; reset re-arms it */
    HtifExitHandler *exit_fn;
    void *exit_opaque;
};

int htif_exit_status(uint64_t code)
{
    return code > 255 ? 255 : (int)code;
}

static void htif_exit(Htif *s, uint64_t code)
{
    /* riscv-tests keep storing the same exit to tohost in a loop until the
     * machine stops: report it once. */
    if (s->exited) {
        return;
    }
    s->exited = true;
    if (s->exit_fn) {
        s->exit_fn(s->exit_opaque, code, htif_exit_status(code));
    } else {
        runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
                                  htif_exit_status(code));
    }
}

static int64_t htif_sys_write(Htif *s, uint64_t fd, hwaddr buf,
                              uint64_t len)
{
    uint64_t n = MIN(len, HTIF_MAX_WRITE);
    g_autofree uint8_t *bytes = NULL;

    if (fd != 1 && fd != 2) {
        return -EBADF;
    }
    bytes = g_malloc(n ? n : 1);
    if (!address_space_read(s->as, buf, bytes, n, NULL)) {
        return -EFAULT;
    }
    if (s->chr) {
        chardev_write(s->chr, bytes, n);
    }
    return n;
}

/* A proxied syscall: magic is the guest address of {number, arg0, arg1,
 * arg2, ...}; the result goes back in place of the number. */
static void htif_syscall(Htif *s, hwaddr magic)
{
    uint64_t args[4];
    int64_t ret;

    if (!address_space_read(s->as, magic, args, sizeof(args), NULL)) {
        g_debug("htif: syscall block at 0x%" PRIx64 " is not memory", magic);
        ret = -EFAULT;
    } else {
        for (unsigned i = 0; i < G_N_ELEMENTS(args); i++) {
            args[i] = GUINT64_FROM_LE(args[i]);
        }
        switch (args[0]) {
        case HTIF_SYS_WRITE:
            ret = htif_sys_write(s, args[1], args[2], args[3]);
            break;
        case HTIF_SYS_EXIT:
            htif_exit(s, args[1]);
            return;
        default:
            g_debug("htif: unsupported syscall %" PRIu64, args[0]);
            ret = -ENOSYS;
            break;
        }
    }
    address_space_stq(s->as, magic, (uint64_t)ret, NULL);
    s->fromhost = HTIF_CMD(HTIF_DEV_SYSCALL, HTIF_SYSCALL_CMD, 1);
}

static void htif_command(Htif *s, uint64_t value)
{
    unsigned dev = value >> 56;
    unsigned cmd = (value >> 48) & 0xff;
    uint64_t payload = value & HTIF_PAYLOAD_MASK;
    uint8_t ch = payload;

    if (dev == HTIF_DEV_SYSCALL && cmd == HTIF_SYSCALL_CMD) {
        if (payload & 1) {
            htif_exit(s, payload >> 1);
        } else {
            htif_syscall(s, payload);
        }
    } else if (dev == HTIF_DEV_CONSOLE && cmd == HTIF_CONSOLE_CMD_PUTC) {
        if (s->chr) {
            chardev_write(s->chr, &ch, 1);
        }
        s->fromhost = HTIF_CMD(dev, cmd, 0x100 | ch);
    } else if (dev == HTIF_DEV_CONSOLE && cmd == HTIF_CONSOLE_CMD_GETC) {
        s->getc_pending = true;
        if (s->chr) {
            chardev_accept_input(s->chr);
        }
    } else {
        g_debug("htif: unsupported device %u command %u", dev, cmd);
    }
}

/* The guest stored to tohost: take the command and clear the register. A
 * command's own memory writes may land on tohost again (a syscall block
 * placed over it); those are only stored, never run from inside a
 * command, so a guest cannot make the host recurse. */
static void htif_tohost_stored(Htif *s)
{
    uint64_t value = s->tohost;

    if (s->in_command || value == 0) {
        return;
    }
    s->tohost = 0;
    s->in_command = true;
    htif_command(s, value);
    s->in_command = false;
}

/* Reads and writes of 4 or 8 bytes (an rv32 guest stores the low half,
 * then the high half, which completes the value). */
static uint64_t reg_read(uint64_t reg, hwaddr off, unsigned size)
{
    return size == 8 ? reg : (uint32_t)(reg >> (8 * off));
}

static uint64_t reg_merge(uint64_t reg, hwaddr off, uint64_t val,
                          unsigned size)
{
    if (size == 8) {
        return val;
    }
    return off ? (reg & UINT32_MAX) | val << 32
               : (reg & ~(uint64_t)UINT32_MAX) | (uint32_t)val;
}

static uint64_t tohost_read(void *opaque, hwaddr off, unsigned size)
{
    Htif *s = opaque;

    return reg_read(s->tohost, off, size);
}

static void tohost_write(void *opaque, hwaddr off, uint64_t val,
                         unsigned size)
{
    Htif *s = opaque;

    s->tohost = reg_merge(s->tohost, off, val, size);
    if (size == 8 || off == 4) {
        htif_tohost_stored(s);
    }
}

static uint64_t fromhost_read(void *opaque, hwaddr off, unsigned size)
{
    Htif *s = opaque;

    return reg_read(s->fromhost, off, size);
}

static void fromhost_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    Htif *s = opaque;

    s->fromhost = reg_merge(s->fromhost, off, val, size);
    /* The guest took the last answer: a waiting byte may go now. */
    if (s->fromhost == 0 && s->getc_pending && s->chr) {
        chardev_accept_input(s->chr);
    }
}

static const MemoryRegionOps tohost_ops = {
    .read = tohost_read, .write = tohost_write,
    .min_access = 4, .max_access = 8, .reject_unaligned = true,
};

static const MemoryRegionOps fromhost_ops = {
    .read = fromhost_read, .write = fromhost_write,
    .min_access = 4, .max_access = 8, .reject_unaligned = true,
};

/* Console input: one byte per getchar command, and only once the guest
 * has cleared fromhost. */
static size_t htif_can_read(void *opaque)
{
    Htif *s = opaque;

    return s->getc_pending && s->fromhost == 0 ? 1 : 0;
}

static void htif_read(void *opaque, const uint8_t *buf, size_t len)
{
    Htif *s = opaque;

    if (len == 0 || !s->getc_pending) {
        return;
    }
    s->getc_pending = false;
    s->fromhost = HTIF_CMD(HTIF_DEV_CONSOLE, HTIF_CONSOLE_CMD_GETC,
                           0x100 | buf[0]);
}

Htif *htif_new(MemoryRegion *sysmem, AddressSpace *as, hwaddr tohost,
               hwaddr fromhost, Chardev *chr, Error **errp)
{
    if ((tohost | fromhost) & 7) {
        error_setg(errp, "htif: tohost (0x%" PRIx64 ") and fromhost (0x%"
                   PRIx64 ") must be 8-byte aligned", tohost, fromhost);
        return NULL;
    }
    if (tohost == fromhost) {
        error_setg(errp, "htif: tohost (0x%" PRIx64 ") and fromhost (0x%"
                   PRIx64 ") must be two separate words", tohost, fromhost);
        return NULL;
    }

    Htif *s = g_new0(Htif, 1);

    s->sysmem = sysmem;
    s->as = as;
    s->chr = chr;
    memory_region_init_io(&s->tohost_mr, "riscv.htif.tohost", &tohost_ops,
                          s, 8);
    memory_region_init_io(&s->fromhost_mr, "riscv.htif.fromhost",
                          &fromhost_ops, s, 8);
    /* Above RAM: the symbols live inside the image's RAM. */
    memory_region_add_subregion_overlap(sysmem, tohost, &s->tohost_mr, 1);
    memory_region_add_subregion_overlap(sysmem, fromhost, &s->fromhost_mr, 1);
    if (chr) {
        chardev_set_handlers(chr, htif_can_read, htif_read, NULL, s);
    }
    return s;
}

Htif *htif_new_from_elf(MemoryRegion *sysmem, AddressSpace *as,
                        const ElfImage *img, Chardev *chr, Error **errp)
{
    static const char *const names[] = { "tohost", "fromhost" };
    uint64_t addr[2];

    for (unsigned i = 0; i < 2; i++) {
        if (!elf_image_lookup_symbol(img, names[i], &addr[i])) {
            error_setg(errp, "'%s' has no '%s' symbol", elf_image_name(img),
                       names[i]);
            return NULL;
        }
    }
    return htif_new(sysmem, as, addr[0], addr[1], chr, errp);
}

void htif_free(Htif *s)
{
    if (!s) {
        return;
    }
    if (s->chr) {
        chardev_detach_handlers(s->chr, s);
    }
    memory_region_del_subregion(s->sysmem, &s->tohost_mr);
    memory_region_del_subregion(s->sysmem, &s->fromhost_mr);
    memory_region_finalize(&s->tohost_mr);
    memory_region_finalize(&s->fromhost_mr);
    g_free(s);
}

void htif_set_exit_handler(Htif *s, HtifExitHandler *fn, void *opaque)
{
    s->exit_fn = fn;
    s->exit_opaque = opaque;
}

void htif_reset(Htif *s)
{
    s->tohost = 0;
    s->fromhost = 0;
    s->getc_pending = false;
    s->exited = false;
}

uint64_t htif_get_tohost(const Htif *s)
{
    return s->tohost;
}

uint64_t htif_get_fromhost(const Htif *s)
{
    return s->fromhost;
}
