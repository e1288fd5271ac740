/* The goldfish RTC: see goldfish-rtc.h. */
#include "goldfish-rtc.h"

#include <inttypes.h>

#include "clock.h"
#include "guest-error.h"
#include "qapi-qom.h"
#include "sysbus.h"

OBJECT_DECLARE_SIMPLE_TYPE(GoldfishRtc, GOLDFISH_RTC)

enum {
    REG_TIME_LOW = 0x00,
    REG_TIME_HIGH = 0x04,
    REG_ALARM_LOW = 0x08,
    REG_ALARM_HIGH = 0x0c,
    REG_IRQ_ENABLED = 0x10,
    REG_CLEAR_ALARM = 0x14,
    REG_ALARM_STATUS = 0x18,
    REG_CLEAR_INTERRUPT = 0x1c,
};

struct GoldfishRtc {
    SysBusDevice parent_obj;
    GoldfishRtcProperties props;

    MemoryRegion mmio;
    IrqLine *irq;
    Timer *alarm_timer;         /* on the host clock */
    uint64_t offset;            /* time - host clock, modulo 2^64 */
    uint64_t alarm;             /* ALARM_HIGH:ALARM_LOW */
    uint32_t time_high;         /* latched by a TIME_LOW read */
    bool alarm_armed;
    bool irq_pending;
    bool irq_enabled;
    GuestErrorLog guest_errors;
};

static uint64_t goldfish_rtc_now(GoldfishRtc *s)
{
    return (uint64_t)clock_get_ns(CLOCK_KIND_HOST) + s->offset;
}

static void goldfish_rtc_update_irq(GoldfishRtc *s)
{
    irq_set_level(s->irq, s->irq_pending && s->irq_enabled);
}

static void goldfish_rtc_fire(void *opaque)
{
    GoldfishRtc *s = opaque;

    s->alarm_armed = false;
    s->irq_pending = true;
    goldfish_rtc_update_irq(s);
}

/* Arms the alarm for ALARM_HIGH:LOW, or fires it now when that time has
 * come. A deadline beyond the host clock's range never comes: the timer
 * stays disarmed and the alarm shows as armed. */
static void goldfish_rtc_arm(GoldfishRtc *s)
{
    int64_t host_now = clock_get_ns(CLOCK_KIND_HOST);
    uint64_t now = (uint64_t)host_now + s->offset;
    uint64_t room = host_now >= 0 ? (uint64_t)(INT64_MAX - host_now)
                                  : (uint64_t)INT64_MAX;
    uint64_t wait;

    if (s->alarm <= now) {
        timer_del(s->alarm_timer);
        goldfish_rtc_fire(s);
        return;
    }
    s->alarm_armed = true;
    wait = s->alarm - now;
    if (wait <= room) {
        timer_mod(s->alarm_timer, host_now + (int64_t)wait);
    } else {
        timer_del(s->alarm_timer);
    }
}

/* New time: moves the offset; an armed alarm keeps its time of day, so
 * its host deadline moves with it. */
static void goldfish_rtc_set_time(GoldfishRtc *s, uint64_t time)
{
    s->offset += time - goldfish_rtc_now(s);
    if (s->alarm_armed) {
        goldfish_rtc_arm(s);
    }
}

static uint32_t goldfish_rtc_read(GoldfishRtc *s, hwaddr off)
{
    uint64_t now;

    switch (off) {
    case REG_TIME_LOW:
        now = goldfish_rtc_now(s);
        s->time_high = now >> 32;
        return (uint32_t)now;
    case REG_TIME_HIGH:
        return s->time_high;
    case REG_ALARM_LOW:
        return (uint32_t)s->alarm;
    case REG_ALARM_HIGH:
        return s->alarm >> 32;
    case REG_IRQ_ENABLED:
        return s->irq_enabled;
    case REG_ALARM_STATUS:
        return s->alarm_armed;
    default:
        guest_error(&s->guest_errors, "goldfish_rtc: read of unassigned "
                    "offset 0x%" PRIx64, off);
        return 0;
    }
}

static void goldfish_rtc_write(GoldfishRtc *s, hwaddr off, uint64_t val)
{
    uint64_t now;

    switch (off) {
    case REG_TIME_LOW:
        now = goldfish_rtc_now(s);
        goldfish_rtc_set_time(s, (now & ~UINT64_C(0xffffffff)) |
                                 (uint32_t)val);
        break;
    case REG_TIME_HIGH:
        now = goldfish_rtc_now(s);
        goldfish_rtc_set_time(s, ((uint64_t)(uint32_t)val << 32) |
                                 (uint32_t)now);
        break;
    case REG_ALARM_LOW:
        s->alarm = (s->alarm & ~UINT64_C(0xffffffff)) | (uint32_t)val;
        goldfish_rtc_arm(s);
        break;
    case REG_ALARM_HIGH:
        s->alarm = ((uint64_t)(uint32_t)val << 32) | (uint32_t)s->alarm;
        break;
    case REG_IRQ_ENABLED:
        s->irq_enabled = val & 1;
        goldfish_rtc_update_irq(s);
        break;
    case REG_CLEAR_ALARM:
        timer_del(s->alarm_timer);
        s->alarm_armed = false;
        break;
    case REG_CLEAR_INTERRUPT:
        s->irq_pending = false;
        goldfish_rtc_update_irq(s);
        break;
    default:
        guest_error(&s->guest_errors, "goldfish_rtc: write to unassigned "
                    "or read-only offset 0x%" PRIx64, off);
        break;
    }
}

/* The byte order the guest sees: registers are 32-bit words, swapped
 * whole when big-endian. */
static uint64_t goldfish_rtc_mmio_read(void *opaque, hwaddr off,
                                       unsigned size)
{
    GoldfishRtc *s = opaque;
    uint32_t val = goldfish_rtc_read(s, off);

    return s->props.big_endian ? GUINT32_SWAP_LE_BE(val) : val;
}

static void goldfish_rtc_mmio_write(void *opaque, hwaddr off, uint64_t val,
                                    unsigned size)
{
    GoldfishRtc *s = opaque;

    goldfish_rtc_write(s, off, s->props.big_endian ?
                               GUINT32_SWAP_LE_BE((uint32_t)val) : val);
}

static const MemoryRegionOps goldfish_rtc_ops = {
    .read = goldfish_rtc_mmio_read,
    .write = goldfish_rtc_mmio_write,
    .min_access = 4,
    .max_access = 4,
};

void goldfish_rtc_reset(DeviceState *dev)
{
    GoldfishRtc *s = GOLDFISH_RTC(dev);

    timer_del(s->alarm_timer);
    s->alarm = 0;
    s->alarm_armed = false;
    s->irq_pending = false;
    s->irq_enabled = false;
    goldfish_rtc_update_irq(s);
}

static bool goldfish_rtc_realize(DeviceState *dev, Error **errp)
{
    goldfish_rtc_reset(dev);
    return true;
}

static void goldfish_rtc_unrealize(DeviceState *dev)
{
    timer_del(GOLDFISH_RTC(dev)->alarm_timer);
}

static void goldfish_rtc_init(Object *obj)
{
    GoldfishRtc *s = GOLDFISH_RTC(obj);

    memory_region_init_io(&s->mmio, TYPE_GOLDFISH_RTC, &goldfish_rtc_ops, s,
                          GOLDFISH_RTC_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);
    s->alarm_timer = timer_new(CLOCK_KIND_HOST, goldfish_rtc_fire, s);
}

static void goldfish_rtc_finalize(Object *obj)
{
    GoldfishRtc *s = GOLDFISH_RTC(obj);

    timer_free(s->alarm_timer);
    memory_region_finalize(&s->mmio);
}

static void goldfish_rtc_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_goldfish_rtc_class_add_properties(
        oc, QOM_PROPS_OFFSET(GoldfishRtc, props, GoldfishRtcProperties));
    dc->realize = goldfish_rtc_realize;
    dc->unrealize = goldfish_rtc_unrealize;
    dc->reset = goldfish_rtc_reset;
    dc->user_creatable = false;     /* boards create it, as in QEMU */
}

static const TypeInfo goldfish_rtc_info = {
    QOM_GOLDFISH_RTC_TYPE_INFO,
    .instance_size = sizeof(GoldfishRtc),
    .instance_init = goldfish_rtc_init,
    .instance_finalize = goldfish_rtc_finalize,
    .class_init = goldfish_rtc_class_init,
};

DEFINE_TYPES_REGISTER_ONCE(goldfish_rtc_register_types, &goldfish_rtc_info, 1)
