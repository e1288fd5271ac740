/* The RISC-V ACLINT software interrupts and machine timer: see
 * riscv-aclint.h. */
#include "riscv-aclint.h"

#include <inttypes.h>

#include "clock.h"
#include "guest-error.h"
#include "qapi-qom.h"
#include "sysbus.h"

OBJECT_DECLARE_SIMPLE_TYPE(RiscvAclintSwi, RISCV_ACLINT_SWI)
OBJECT_DECLARE_SIMPLE_TYPE(RiscvAclintMTimer, RISCV_ACLINT_MTIMER)

#define NS_PER_SECOND UINT64_C(1000000000)

struct RiscvAclintSwi {
    SysBusDevice parent_obj;
    RiscvAclintSwiProperties props;

    MemoryRegion mmio;
    uint32_t harts;             /* pins and msip allocated for, 0: none yet */
    IrqLine **soft_irqs;        /* [harts] */
    uint8_t *msip;              /* [harts], bit 0 as the guest wrote it */
    GuestErrorLog guest_errors;
};

typedef struct MTimerHart {
    RiscvAclintMTimer *mtimer;
    uint32_t index;
    Timer *timer;
    uint64_t timecmp;
    int level;                  /* MTIP as last driven; -1: never */
} MTimerHart;

struct RiscvAclintMTimer {
    SysBusDevice parent_obj;
    RiscvAclintMtimerProperties props;

    MemoryRegion mmio;
    uint32_t harts;             /* harts allocated for, 0: none yet */
    IrqLine **timer_irqs;       /* [harts] */
    MTimerHart *hart;           /* [harts] */
    uint64_t time_delta;        /* mtime - ticks of the virtual clock,
                                   modulo 2^64 */
    GuestErrorLog guest_errors;
};

/* Checks shared by both realizes: the hart count bounds the pin arrays a
 * board (or a -global) can ask for. */
static bool aclint_check_harts(const char *type, uint32_t num_harts,
                               uint32_t allocated, Error **errp)
{
    if (num_harts == 0 || num_harts > RISCV_ACLINT_MAX_HARTS) {
        error_setg(errp, "%s: num-harts must be 1 to %d, not %" PRIu32,
                   type, RISCV_ACLINT_MAX_HARTS, num_harts);
        return false;
    }
    if (allocated && allocated != num_harts) {
        error_setg(errp, "%s: num-harts cannot change once the device was "
                   "realized", type);
        return false;
    }
    return true;
}

/* SWI */

static uint64_t swi_read(void *opaque, hwaddr off, unsigned size)
{
    RiscvAclintSwi *s = opaque;

    if (off < (hwaddr)s->harts * 4) {
        return s->props.sswi ? 0 : s->msip[off / 4];
    }
    guest_error(&s->guest_errors, "riscv.aclint.swi: read of unassigned "
                "offset 0x%" PRIx64, off);
    return 0;
}

static void swi_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    RiscvAclintSwi *s = opaque;
    uint32_t n = off / 4;

    if (off >= (hwaddr)s->harts * 4) {
        guest_error(&s->guest_errors, "riscv.aclint.swi: write to "
                    "unassigned offset 0x%" PRIx64, off);
        return;
    }
    if (val & 1) {
        s->msip[n] = 1;
        irq_raise(s->soft_irqs[n]);
    } else if (!s->props.sswi) {
        s->msip[n] = 0;
        irq_lower(s->soft_irqs[n]);
    }
}

static const MemoryRegionOps swi_ops = {
    .read = swi_read,
    .write = swi_write,
    .min_access = 4,
    .max_access = 4,
};

void riscv_aclint_swi_reset(DeviceState *dev)
{
    RiscvAclintSwi *s = RISCV_ACLINT_SWI(dev);

    for (uint32_t i = 0; i < s->harts; i++) {
        s->msip[i] = 0;
        if (!s->props.sswi) {
            irq_lower(s->soft_irqs[i]);
        }
    }
}

static bool swi_realize(DeviceState *dev, Error **errp)
{
    RiscvAclintSwi *s = RISCV_ACLINT_SWI(dev);

    if (!aclint_check_harts(TYPE_RISCV_ACLINT_SWI, s->props.num_harts,
                            s->harts, errp)) {
        return false;
    }
    if (!s->harts) {
        s->harts = s->props.num_harts;
        s->soft_irqs = g_new0(IrqLine *, s->harts);
        s->msip = g_new0(uint8_t, s->harts);
        qdev_init_gpio_out(dev, s->soft_irqs, s->harts, NULL);
        memory_region_init_io(&s->mmio, TYPE_RISCV_ACLINT_SWI, &swi_ops, s,
                              RISCV_ACLINT_SWI_SIZE);
        sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    }
    riscv_aclint_swi_reset(dev);
    return true;
}

static void swi_finalize(Object *obj)
{
    RiscvAclintSwi *s = RISCV_ACLINT_SWI(obj);

    if (s->harts) {
        memory_region_finalize(&s->mmio);
    }
    g_free(s->soft_irqs);
    g_free(s->msip);
}

static void swi_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_riscv_aclint_swi_class_add_properties(
        oc, QOM_PROPS_OFFSET(RiscvAclintSwi, props,
                             RiscvAclintSwiProperties));
    dc->realize = swi_realize;
    dc->reset = riscv_aclint_swi_reset;
    dc->user_creatable = false;     /* boards create it, as in QEMU */
}

/* MTIMER */

/* Whole ticks of the virtual clock at ns: floor(ns * freq / 1e9). */
static uint64_t mtimer_ticks_at(RiscvAclintMTimer *s, int64_t ns)
{
    return (uint64_t)((unsigned __int128)(uint64_t)ns *
                      s->props.timebase_freq / NS_PER_SECOND);
}

/* The first virtual-clock nanosecond whose tick count reaches ticks:
 * ceil(ticks * 1e9 / freq), or -1 when that lies beyond the clock's
 * range. ticks may exceed 2^64 (mtime wrapping), hence 128 bits. */
static int64_t mtimer_ns_of_ticks(RiscvAclintMTimer *s,
                                  unsigned __int128 ticks)
{
    unsigned __int128 freq = s->props.timebase_freq;
    unsigned __int128 ns = (ticks * NS_PER_SECOND + freq - 1) / freq;

    return ns > INT64_MAX ? -1 : (int64_t)ns;
}

static uint64_t mtimer_now(RiscvAclintMTimer *s, int64_t ns)
{
    return mtimer_ticks_at(s, ns) + s->time_delta;
}

uint64_t riscv_aclint_mtimer_read_time(void *opaque)
{
    /* Unchecked: the CPU calls this on every read of `time`. */
    RiscvAclintMTimer *s = opaque;

    return mtimer_now(s, clock_get_ns(CLOCK_KIND_VIRTUAL));
}

/* Drives MTIP of one hart from mtime and mtimecmp now, and arms its timer
 * for the next change: the tick where mtime reaches mtimecmp while it is
 * below, or where mtime wraps to 0 while it is at or above. */
static void mtimer_update_hart(MTimerHart *h)
{
    RiscvAclintMTimer *s = h->mtimer;
    int64_t now_ns = clock_get_ns(CLOCK_KIND_VIRTUAL);
    uint64_t ticks = mtimer_ticks_at(s, now_ns);
    uint64_t mtime = ticks + s->time_delta;
    int level = mtime >= h->timecmp;
    unsigned __int128 next;
    int64_t deadline;

    if (level) {
        next = (unsigned __int128)ticks + ((unsigned __int128)1 << 64) -
               mtime;
    } else {
        next = (unsigned __int128)ticks + (h->timecmp - mtime);
    }
    deadline = mtimer_ns_of_ticks(s, next);
    if (deadline < 0) {
        timer_del(h->timer);
    } else {
        timer_mod(h->timer, deadline);
    }
    if (level != h->level) {
        h->level = level;
        irq_set_level(s->timer_irqs[h->index], level);
    }
}

static void mtimer_timer_cb(void *opaque)
{
    mtimer_update_hart(opaque);
}

static void mtimer_update_all(RiscvAclintMTimer *s)
{
    for (uint32_t i = 0; i < s->harts; i++) {
        mtimer_update_hart(&s->hart[i]);
    }
}

/* A 4-byte access reaches the half at bit shift 0 or 32; an 8-byte one
 * the whole register. */
static uint64_t reg_read_part(uint64_t reg, unsigned shift, unsigned size)
{
    return size == 8 ? reg : (uint32_t)(reg >> shift);
}

static uint64_t reg_write_part(uint64_t reg, unsigned shift, unsigned size,
                               uint64_t val)
{
    if (size == 8) {
        return val;
    }
    return (reg & ~(UINT64_C(0xffffffff) << shift)) |
           ((uint64_t)(uint32_t)val << shift);
}

/* Which register an access reaches: *hart for an mtimecmp (or -1 for
 * mtime), *shift the half. False when it reaches none. The timecmp range
 * is checked first, as QEMU does, should a board overlap the two. */
static bool mtimer_decode(RiscvAclintMTimer *s, hwaddr off, int64_t *hart,
                          unsigned *shift)
{
    uint64_t cmp_base = s->props.timecmp_base;
    uint64_t time_base = s->props.time_base;

    if (off >= cmp_base && off - cmp_base < (uint64_t)s->harts * 8) {
        *hart = (off - cmp_base) / 8;
        *shift = (off - cmp_base) % 8 * 8;
        return true;
    }
    if (off >= time_base && off - time_base < 8) {
        *hart = -1;
        *shift = (off - time_base) * 8;
        return true;
    }
    return false;
}

static uint64_t mtimer_read(void *opaque, hwaddr off, unsigned size)
{
    RiscvAclintMTimer *s = opaque;
    int64_t hart;
    unsigned shift;

    if (!mtimer_decode(s, off, &hart, &shift)) {
        guest_error(&s->guest_errors, "riscv.aclint.mtimer: read of "
                    "unassigned offset 0x%" PRIx64, off);
        return 0;
    }
    if (hart < 0) {
        return reg_read_part(riscv_aclint_mtimer_read_time(s), shift, size);
    }
    return reg_read_part(s->hart[hart].timecmp, shift, size);
}

static void mtimer_write(void *opaque, hwaddr off, uint64_t val,
                         unsigned size)
{
    RiscvAclintMTimer *s = opaque;
    int64_t hart;
    unsigned shift;

    if (!mtimer_decode(s, off, &hart, &shift)) {
        guest_error(&s->guest_errors, "riscv.aclint.mtimer: write to "
                    "unassigned offset 0x%" PRIx64, off);
        return;
    }
    if (hart < 0) {
        uint64_t ticks = mtimer_ticks_at(s, clock_get_ns(CLOCK_KIND_VIRTUAL));
        uint64_t mtime = reg_write_part(ticks + s->time_delta, shift, size,
                                        val);

        s->time_delta = mtime - ticks;
        mtimer_update_all(s);
        return;
    }
    s->hart[hart].timecmp = reg_write_part(s->hart[hart].timecmp, shift,
                                           size, val);
    mtimer_update_hart(&s->hart[hart]);
}

static const MemoryRegionOps mtimer_ops = {
    .read = mtimer_read,
    .write = mtimer_write,
    .min_access = 4,
    .max_access = 8,
};

void riscv_aclint_mtimer_reset(DeviceState *dev)
{
    RiscvAclintMTimer *s = RISCV_ACLINT_MTIMER(dev);

    if (!s->harts) {
        return;
    }
    s->time_delta = -mtimer_ticks_at(s, clock_get_ns(CLOCK_KIND_VIRTUAL));
    for (uint32_t i = 0; i < s->harts; i++) {
        s->hart[i].timecmp = 0;
        s->hart[i].level = -1;      /* drive it, whatever it was */
    }
    mtimer_update_all(s);
}

static bool mtimer_check_layout(RiscvAclintMtimerProperties *p,
                                Error **errp)
{
    if (!p->timebase_freq) {
        error_setg(errp, "riscv.aclint.mtimer: timebase-freq must not be 0");
        return false;
    }
    if (p->timecmp_base % 8 || p->time_base % 8) {
        error_setg(errp, "riscv.aclint.mtimer: timecmp-base and time-base "
                   "must be multiples of 8");
        return false;
    }
    if ((uint64_t)p->timecmp_base + (uint64_t)p->num_harts * 8 >
            p->aperture_size ||
        (uint64_t)p->time_base + 8 > p->aperture_size) {
        error_setg(errp, "riscv.aclint.mtimer: mtime and the mtimecmp of "
                   "%" PRIu32 " harts do not fit in aperture-size 0x%" PRIx32,
                   p->num_harts, p->aperture_size);
        return false;
    }
    return true;
}

static bool mtimer_realize(DeviceState *dev, Error **errp)
{
    RiscvAclintMTimer *s = RISCV_ACLINT_MTIMER(dev);

    if (!aclint_check_harts(TYPE_RISCV_ACLINT_MTIMER, s->props.num_harts,
                            s->harts, errp) ||
        !mtimer_check_layout(&s->props, errp)) {
        return false;
    }
    if (s->harts && s->mmio.size != s->props.aperture_size) {
        error_setg(errp, "riscv.aclint.mtimer: aperture-size cannot change "
                   "once the device was realized");
        return false;
    }
    if (!s->harts) {
        s->harts = s->props.num_harts;
        s->timer_irqs = g_new0(IrqLine *, s->harts);
        s->hart = g_new0(MTimerHart, s->harts);
        for (uint32_t i = 0; i < s->harts; i++) {
            s->hart[i].mtimer = s;
            s->hart[i].index = i;
            s->hart[i].timer = timer_new(CLOCK_KIND_VIRTUAL, mtimer_timer_cb,
                                         &s->hart[i]);
        }
        qdev_init_gpio_out(dev, s->timer_irqs, s->harts, NULL);
        memory_region_init_io(&s->mmio, TYPE_RISCV_ACLINT_MTIMER,
                              &mtimer_ops, s, s->props.aperture_size);
        sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    }
    riscv_aclint_mtimer_reset(dev);
    return true;
}

static void mtimer_unrealize(DeviceState *dev)
{
    RiscvAclintMTimer *s = RISCV_ACLINT_MTIMER(dev);

    for (uint32_t i = 0; i < s->harts; i++) {
        timer_del(s->hart[i].timer);
    }
}

static void mtimer_finalize(Object *obj)
{
    RiscvAclintMTimer *s = RISCV_ACLINT_MTIMER(obj);

    if (!s->harts) {
        return;
    }
    for (uint32_t i = 0; i < s->harts; i++) {
        timer_free(s->hart[i].timer);
    }
    memory_region_finalize(&s->mmio);
    g_free(s->hart);
    g_free(s->timer_irqs);
}

static void mtimer_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_riscv_aclint_mtimer_class_add_properties(
        oc, QOM_PROPS_OFFSET(RiscvAclintMTimer, props,
                             RiscvAclintMtimerProperties));
    dc->realize = mtimer_realize;
    dc->unrealize = mtimer_unrealize;
    dc->reset = riscv_aclint_mtimer_reset;
    dc->user_creatable = false;     /* boards create it, as in QEMU */
}

static const TypeInfo aclint_types[] = {
    {
        QOM_RISCV_ACLINT_SWI_TYPE_INFO,
        .instance_size = sizeof(RiscvAclintSwi),
        .instance_finalize = swi_finalize,
        .class_init = swi_class_init,
    },
    {
        QOM_RISCV_ACLINT_MTIMER_TYPE_INFO,
        .instance_size = sizeof(RiscvAclintMTimer),
        .instance_finalize = mtimer_finalize,
        .class_init = mtimer_class_init,
    },
};

DEFINE_TYPES_REGISTER_ONCE(riscv_aclint_register_types, aclint_types, G_N_ELEMENTS(aclint_types))
