/* The SiFive PLIC: see sifive-plic.h. */
#include "sifive-plic.h"

#include <inttypes.h>

#include "guest-error.h"
#include "qapi-qom.h"
#include "sysbus.h"

OBJECT_DECLARE_SIMPLE_TYPE(SifivePlic, SIFIVE_PLIC)

typedef enum PlicMode {
    PLIC_MODE_U,
    PLIC_MODE_S,
    PLIC_MODE_M,
} PlicMode;

typedef struct PlicContext {
    uint32_t hart;              /* hart ID */
    PlicMode mode;
    uint32_t threshold;
    uint32_t *enable;           /* [words], into SifivePlic.enable */
    int level;                  /* output as last driven; -1: never */
} PlicContext;

struct SifivePlic {
    SysBusDevice parent_obj;
    RiscvSifivePlicProperties props;

    MemoryRegion mmio;
    bool allocated;             /* the arrays, pins and region exist */
    uint32_t sources;           /* num-sources they were made for */
    uint32_t words;             /* 32-bit words of one source bitmap */
    uint32_t num_contexts;
    PlicContext *context;       /* [num_contexts] */
    IrqLine **context_irqs;     /* [num_contexts] */
    uint32_t *priority;         /* [sources] */
    uint32_t *enable;           /* [num_contexts * words] */
    uint32_t *pending;          /* [words] */
    uint32_t *claimed;          /* [words] */
    uint32_t *line;             /* [words]: input levels */
    GuestErrorLog guest_errors;
};

static bool bit_test(const uint32_t *map, uint32_t n)
{
    return map[n / 32] >> (n % 32) & 1;
}

static void bit_assign(uint32_t *map, uint32_t n, bool on)
{
    if (on) {
        map[n / 32] |= UINT32_C(1) << (n % 32);
    } else {
        map[n / 32] &= ~(UINT32_C(1) << (n % 32));
    }
}

/* The bits of word w that name real sources (not source 0, none past the
 * last). */
static uint32_t plic_valid_bits(SifivePlic *s, uint32_t w)
{
    uint32_t mask = UINT32_MAX;
    uint32_t first = w * 32;

    if (first + 32 > s->sources) {
        mask = (UINT32_C(1) << (s->sources - first)) - 1;
    }
    if (w == 0) {
        mask &= ~UINT32_C(1);
    }
    return mask;
}

/* The source context c would claim now, or 0: enabled, pending,
 * unclaimed, priority above the threshold; the highest priority wins and
 * the lowest ID among equals. */
static uint32_t plic_best_source(SifivePlic *s, PlicContext *c)
{
    uint32_t best = 0;
    uint32_t best_priority = c->threshold;

    for (uint32_t w = 0; w < s->words; w++) {
        uint32_t ready = s->pending[w] & ~s->claimed[w] & c->enable[w];

        while (ready) {
            uint32_t src = w * 32 + __builtin_ctz(ready);

            ready &= ready - 1;
            if (s->priority[src] > best_priority) {
                best = src;
                best_priority = s->priority[src];
            }
        }
    }
    return best;
}

static void plic_update(SifivePlic *s)
{
    for (uint32_t i = 0; i < s->num_contexts; i++) {
        PlicContext *c = &s->context[i];
        int level = plic_best_source(s, c) != 0;

        if (level != c->level) {
            c->level = level;
            irq_set_level(s->context_irqs[i], level);
        }
    }
}

/* The gateway of a level source: a request pends while the line is high
 * and the source is not claimed. */
static void plic_set_input(void *opaque, int n, int level)
{
    SifivePlic *s = opaque;
    uint32_t src = n;

    if (src == 0 || src >= s->sources) {
        return;
    }
    bit_assign(s->line, src, level);
    bit_assign(s->pending, src, level && !bit_test(s->claimed, src));
    plic_update(s);
}

/* A priority or threshold value as the guest may set it (see the header);
 * false when it is to be ignored. */
static bool plic_legal_priority(SifivePlic *s, uint64_t val, uint32_t *out)
{
    uint32_t max = s->props.num_priorities;

    if ((((uint64_t)max + 1) & max) == 0) {
        *out = val & max;
        return true;
    }
    if (val <= max) {
        *out = val;
        return true;
    }
    return false;
}

/* Register decoding: each range is checked with 64-bit arithmetic, so no
 * base or stride a board gives can make it wrap. */
typedef enum PlicReg {
    PLIC_REG_NONE,
    PLIC_REG_PRIORITY,          /* index: source, 1 and up */
    PLIC_REG_PENDING,           /* index: word */
    PLIC_REG_ENABLE,            /* index: word, ctx */
    PLIC_REG_THRESHOLD,         /* ctx */
    PLIC_REG_CLAIM,             /* ctx */
} PlicReg;

static bool in_range(hwaddr off, uint64_t base, uint64_t len)
{
    return off >= base && off - base < len;
}

static PlicReg plic_decode(SifivePlic *s, hwaddr off, uint32_t *index,
                           uint32_t *ctx)
{
    RiscvSifivePlicProperties *p = &s->props;
    uint64_t rel;

    /* QEMU 7.2's priority-base is where source 1's register sits (4 on
     * virt, so source s is at 4s as the spec's map has it). */
    if (in_range(off, p->priority_base, (uint64_t)(s->sources - 1) * 4)) {
        *index = (off - p->priority_base) / 4 + 1;
        return PLIC_REG_PRIORITY;
    }
    if (in_range(off, p->pending_base, (uint64_t)s->words * 4)) {
        *index = (off - p->pending_base) / 4;
        return PLIC_REG_PENDING;
    }
    if (in_range(off, p->enable_base,
                 (uint64_t)s->num_contexts * p->enable_stride)) {
        rel = off - p->enable_base;
        *ctx = rel / p->enable_stride;
        *index = rel % p->enable_stride / 4;
        return *index < s->words ? PLIC_REG_ENABLE : PLIC_REG_NONE;
    }
    if (in_range(off, p->context_base,
                 (uint64_t)s->num_contexts * p->context_stride)) {
        rel = off - p->context_base;
        *ctx = rel / p->context_stride;
        switch (rel % p->context_stride) {
        case 0:
            return PLIC_REG_THRESHOLD;
        case 4:
            return PLIC_REG_CLAIM;
        default:
            return PLIC_REG_NONE;
        }
    }
    return PLIC_REG_NONE;
}

static uint32_t plic_claim(SifivePlic *s, PlicContext *c)
{
    uint32_t src = plic_best_source(s, c);

    if (src) {
        bit_assign(s->pending, src, false);
        bit_assign(s->claimed, src, true);
        plic_update(s);
    }
    return src;
}

static void plic_complete(SifivePlic *s, PlicContext *c, uint64_t src)
{
    if (src == 0 || src >= s->sources || !bit_test(c->enable, src)) {
        guest_error(&s->guest_errors, "riscv.sifive.plic: complete of "
                    "source %" PRIu64 " not enabled for the context "
                    "ignored", src);
        return;
    }
    bit_assign(s->claimed, src, false);
    if (bit_test(s->line, src)) {
        bit_assign(s->pending, src, true);
    }
    plic_update(s);
}

static uint64_t plic_read(void *opaque, hwaddr off, unsigned size)
{
    SifivePlic *s = opaque;
    uint32_t index = 0, ctx = 0;

    switch (plic_decode(s, off, &index, &ctx)) {
    case PLIC_REG_PRIORITY:
        return s->priority[index];
    case PLIC_REG_PENDING:
        return s->pending[index];
    case PLIC_REG_ENABLE:
        return s->context[ctx].enable[index];
    case PLIC_REG_THRESHOLD:
        return s->context[ctx].threshold;
    case PLIC_REG_CLAIM:
        return plic_claim(s, &s->context[ctx]);
    default:
        guest_error(&s->guest_errors, "riscv.sifive.plic: read of "
                    "unassigned offset 0x%" PRIx64, off);
        return 0;
    }
}

static void plic_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    SifivePlic *s = opaque;
    uint32_t index = 0, ctx = 0;
    uint32_t legal;

    switch (plic_decode(s, off, &index, &ctx)) {
    case PLIC_REG_PRIORITY:
        if (plic_legal_priority(s, val, &legal)) {
            s->priority[index] = legal;
            plic_update(s);
        }
        return;
    case PLIC_REG_ENABLE:
        s->context[ctx].enable[index] = val & plic_valid_bits(s, index);
        plic_update(s);
        return;
    case PLIC_REG_THRESHOLD:
        if (plic_legal_priority(s, val, &legal)) {
            s->context[ctx].threshold = legal;
            plic_update(s);
        }
        return;
    case PLIC_REG_CLAIM:
        plic_complete(s, &s->context[ctx], val);
        return;
    case PLIC_REG_PENDING:
    default:
        guest_error(&s->guest_errors, "riscv.sifive.plic: write to "
                    "read-only or unassigned offset 0x%" PRIx64, off);
        return;
    }
}

static const MemoryRegionOps plic_ops = {
    .read = plic_read,
    .write = plic_write,
    .min_access = 4,
    .max_access = 4,
};

void sifive_plic_reset(DeviceState *dev)
{
    SifivePlic *s = SIFIVE_PLIC(dev);

    if (!s->allocated) {
        return;
    }
    memset(s->priority, 0, sizeof(*s->priority) * s->sources);
    memset(s->enable, 0, sizeof(*s->enable) * s->words * s->num_contexts);
    memset(s->claimed, 0, sizeof(*s->claimed) * s->words);
    memcpy(s->pending, s->line, sizeof(*s->pending) * s->words);
    for (uint32_t i = 0; i < s->num_contexts; i++) {
        s->context[i].threshold = 0;
        s->context[i].level = -1;   /* drive it, whatever it was */
    }
    plic_update(s);
}

/* hart-config: per hart (comma-separated) a non-empty run of distinct
 * modes from M, S, U; one context per mode, in the order written.
 * *count gets the number of contexts; contexts, unless NULL (counting
 * only), gets each one's hart and mode. */
static bool plic_parse_hart_config(const char *config, uint32_t hartid_base,
                                   PlicContext *contexts, uint32_t *count,
                                   Error **errp)
{
    uint32_t n = 0;
    uint32_t hart = 0;
    unsigned modes_seen = 0;

    if (!config || !*config) {
        error_setg(errp, "riscv.sifive.plic: hart-config must be set, e.g. "
                   "\"MS,MS\"");
        return false;
    }
    for (const char *p = config;; p++) {
        PlicMode mode;

        if (*p == ',' || !*p) {
            if (!modes_seen) {
                error_setg(errp, "riscv.sifive.plic: hart-config '%s': hart "
                           "%" PRIu32 " has no modes", config, hart);
                return false;
            }
            if (!*p) {
                break;
            }
            hart++;
            modes_seen = 0;
            continue;
        }
        switch (*p) {
        case 'M':
            mode = PLIC_MODE_M;
            break;
        case 'S':
            mode = PLIC_MODE_S;
            break;
        case 'U':
            mode = PLIC_MODE_U;
            break;
        default:
            error_setg(errp, "riscv.sifive.plic: hart-config '%s': '%c' is "
                       "not a mode (M, S or U)", config, *p);
            return false;
        }
        if (modes_seen & (1u << mode)) {
            error_setg(errp, "riscv.sifive.plic: hart-config '%s': mode '%c' "
                       "twice for hart %" PRIu32, config, *p, hart);
            return false;
        }
        modes_seen |= 1u << mode;
        if (n == SIFIVE_PLIC_MAX_CONTEXTS) {
            error_setg(errp, "riscv.sifive.plic: hart-config '%s' has more "
                       "than %d contexts", config, SIFIVE_PLIC_MAX_CONTEXTS);
            return false;
        }
        if (contexts) {
            contexts[n].hart = hartid_base + hart;
            contexts[n].mode = mode;
        }
        n++;
    }
    *count = n;
    return true;
}

static bool is_power_of_two(uint32_t v)
{
    return v && !(v & (v - 1));
}

static bool plic_check_layout(RiscvSifivePlicProperties *p, Error **errp)
{
    uint32_t words = (p->num_sources + 31) / 32;

    if (p->num_sources == 0 || p->num_sources > SIFIVE_PLIC_MAX_SOURCES) {
        error_setg(errp, "riscv.sifive.plic: num-sources must be 1 to %d, "
                   "not %" PRIu32, SIFIVE_PLIC_MAX_SOURCES, p->num_sources);
        return false;
    }
    if (!is_power_of_two(p->enable_stride) ||
        p->enable_stride < words * 4) {
        error_setg(errp, "riscv.sifive.plic: enable-stride must be a power "
                   "of two of at least %" PRIu32 " bytes, not %" PRIu32,
                   words * 4, p->enable_stride);
        return false;
    }
    if (!is_power_of_two(p->context_stride) || p->context_stride < 8) {
        error_setg(errp, "riscv.sifive.plic: context-stride must be a power "
                   "of two of at least 8 bytes, not %" PRIu32,
                   p->context_stride);
        return false;
    }
    if (!p->aperture_size) {
        error_setg(errp, "riscv.sifive.plic: aperture-size must not be 0");
        return false;
    }
    return true;
}

static void plic_allocate(SifivePlic *s, DeviceState *dev)
{
    s->sources = s->props.num_sources;
    s->words = (s->sources + 31) / 32;
    s->context = g_new0(PlicContext, s->num_contexts);
    s->context_irqs = g_new0(IrqLine *, s->num_contexts);
    s->priority = g_new0(uint32_t, s->sources);
    s->enable = g_new0(uint32_t, (size_t)s->words * s->num_contexts);
    s->pending = g_new0(uint32_t, s->words);
    s->claimed = g_new0(uint32_t, s->words);
    s->line = g_new0(uint32_t, s->words);
    qdev_init_gpio_in(dev, plic_set_input, s->sources, NULL);
    qdev_init_gpio_out(dev, s->context_irqs, s->num_contexts, NULL);
    memory_region_init_io(&s->mmio, TYPE_SIFIVE_PLIC, &plic_ops, s,
                          s->props.aperture_size);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    s->allocated = true;
}

static bool plic_realize(DeviceState *dev, Error **errp)
{
    SifivePlic *s = SIFIVE_PLIC(dev);
    uint32_t count;

    if (!plic_check_layout(&s->props, errp) ||
        !plic_parse_hart_config(s->props.hart_config, s->props.hartid_base,
                                NULL, &count, errp)) {
        return false;
    }
    if (s->allocated &&
        (count != s->num_contexts || s->props.num_sources != s->sources ||
         s->props.aperture_size != s->mmio.size)) {
        error_setg(errp, "riscv.sifive.plic: hart-config, num-sources and "
                   "aperture-size cannot change once the device was "
                   "realized");
        return false;
    }
    if (!s->allocated) {
        s->num_contexts = count;
        plic_allocate(s, dev);
    }
    plic_parse_hart_config(s->props.hart_config, s->props.hartid_base,
                           s->context, &count, &error_abort);
    for (uint32_t i = 0; i < s->num_contexts; i++) {
        s->context[i].enable = &s->enable[(size_t)i * s->words];
    }
    sifive_plic_reset(dev);
    return true;
}

static void plic_finalize(Object *obj)
{
    SifivePlic *s = SIFIVE_PLIC(obj);

    if (s->allocated) {
        memory_region_finalize(&s->mmio);
    }
    g_free(s->context);
    g_free(s->context_irqs);
    g_free(s->priority);
    g_free(s->enable);
    g_free(s->pending);
    g_free(s->claimed);
    g_free(s->line);
}

static void plic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_riscv_sifive_plic_class_add_properties(
        oc, QOM_PROPS_OFFSET(SifivePlic, props, RiscvSifivePlicProperties));
    dc->realize = plic_realize;
    dc->reset = sifive_plic_reset;
    dc->user_creatable = false;     /* boards create it, as in QEMU */
}

static const TypeInfo plic_info = {
    QOM_RISCV_SIFIVE_PLIC_TYPE_INFO,
    .instance_size = sizeof(SifivePlic),
    .instance_finalize = plic_finalize,
    .class_init = plic_class_init,
};

DEFINE_TYPES_REGISTER_ONCE(sifive_plic_register_types, &plic_info, 1)
