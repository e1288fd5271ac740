/* The qtest accelerator and its line protocol: see qtest.h. */
#include "qtest.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "address-space.h"
#include "chardev.h"
#include "clock.h"
#include "engine-config.h"
#include "irq.h"
#include "machine.h"
#include "object-link.h"
#include "object-path.h"
#include "qdev.h"
#include "vm-info.h"

/* How many timer runs in a row may leave the clock where it is before a
 * clock_step gives up on the timers and moves on: a timer that re-arms
 * itself for "now" must not hang the server. */
#define QTEST_MAX_STALLED_RUNS 100000

/* The QEMU names of the unnamed GPIO sets. */
#define UNNAMED_GPIO_IN "unnamed-gpio-in"
#define UNNAMED_GPIO_OUT "unnamed-gpio-out"

/* How much of a rejected line a FAIL reply quotes. */
#define QTEST_QUOTE_MAX 64

/* One intercepted pin of the intercepted device. */
typedef struct QtestPin {
    QtestServer *server;
    int n;                      /* its index in its set: "IRQ raise n" */
    int level;                  /* the level last reported */
    bool output;
    /* Input: the device's own line (a reference), whose handler we took
     * over, and what it was. */
    IrqLine *line;
    IrqHandler *orig_handler;
    void *orig_opaque;
    int orig_n;
    /* Output: the pin's link property, our tap line it now points at (a
     * reference) and the line it pointed at before (a reference; NULL:
     * unconnected). */
    char *prop;
    IrqLine *tap;
    IrqLine *orig_target;
} QtestPin;

struct QtestServer {
    QtestSend *send;
    void *opaque;
    FILE *log;
    GTimer *since;              /* log timestamps */
    GString *inbuf;             /* the line being received */
    bool discarding;            /* inside a line longer than the limit */
    DeviceState *intercepted;   /* a reference, or NULL */
    GPtrArray *pins;            /* QtestPin * */
};

/* Replies */

static void qtest_log_line(QtestServer *s, char dir, const char *text,
                           size_t len)
{
    if (s->log) {
        fprintf(s->log, "[%c +%.6f] %.*s\n", dir,
                g_timer_elapsed(s->since, NULL), (int)len, text);
    }
}

static void qtest_reply(QtestServer *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static void qtest_reply(QtestServer *s, const char *fmt, ...)
{
    va_list ap;
    g_autoptr(GString) line = g_string_new(NULL);

    va_start(ap, fmt);
    g_string_append_vprintf(line, fmt, ap);
    va_end(ap);
    qtest_log_line(s, 'S', line->str, line->len);
    g_string_append_c(line, '\n');
    s->send(s->opaque, line->str, line->len);
}

/* The start of untrusted text for a FAIL reply: printable ASCII only, so a
 * reply is one short line whatever the client sent. */
static char *qtest_quote(const char *text)
{
    GString *out = g_string_new(NULL);

    for (size_t i = 0; text[i] && i < QTEST_QUOTE_MAX; i++) {
        g_string_append_c(out, g_ascii_isprint(text[i]) ? text[i] : '?');
    }
    if (strlen(text) > QTEST_QUOTE_MAX) {
        g_string_append(out, "...");
    }
    return g_string_free(out, FALSE);
}

/* Arguments */

static bool qtest_parse_u64(QtestServer *s, const char *what,
                            const char *text, uint64_t *value)
{
    char *end;

    errno = 0;
    *value = g_ascii_strtoull(text, &end, 0);
    if (end == text || *end || errno) {
        g_autofree char *quoted = qtest_quote(text);

        qtest_reply(s, "FAIL invalid %s '%s'", what, quoted);
        return false;
    }
    return true;
}

static bool qtest_parse_i64(QtestServer *s, const char *what,
                            const char *text, int64_t *value)
{
    char *end;

    errno = 0;
    *value = g_ascii_strtoll(text, &end, 0);
    if (end == text || *end || errno) {
        g_autofree char *quoted = qtest_quote(text);

        qtest_reply(s, "FAIL invalid %s '%s'", what, quoted);
        return false;
    }
    return true;
}

static bool qtest_parse_size(QtestServer *s, const char *text, size_t max,
                             size_t *size)
{
    uint64_t value;

    if (!qtest_parse_u64(s, "size", text, &value)) {
        return false;
    }
    if (value > max) {
        qtest_reply(s, "FAIL size %" PRIu64 " is over the limit of %zu",
                    value, max);
        return false;
    }
    *size = value;
    return true;
}

/* Memory and I/O ports */

typedef struct QtestCommand QtestCommand;
typedef void QtestHandler(QtestServer *s, const QtestCommand *cmd,
                          char **argv);

struct QtestCommand {
    const char *name;
    QtestHandler *fn;
    int min_args, max_args;
    unsigned size;              /* readX/writeX/inX/outX: bytes */
    bool io;                    /* the I/O port space */
    const char *usage;
};

static AddressSpace *qtest_space(QtestServer *s, const QtestCommand *cmd)
{
    MachineState *ms = machine_current();

    if (!ms || !ms->initialized) {
        qtest_reply(s, "FAIL there is no machine");
        return NULL;
    }
    return cmd->io ? ms->address_space_io : ms->address_space_memory;
}

static void cmd_load(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    AddressSpace *as = qtest_space(s, cmd);
    uint64_t addr, value = 0;

    if (!as || !qtest_parse_u64(s, "address", argv[1], &addr)) {
        return;
    }
    switch (cmd->size) {
    case 1:
        value = address_space_ldub(as, addr, NULL);
        break;
    case 2:
        value = address_space_lduw(as, addr, NULL);
        break;
    case 4:
        value = address_space_ldl(as, addr, NULL);
        break;
    case 8:
        value = address_space_ldq(as, addr, NULL);
        break;
    }
    if (cmd->io) {
        qtest_reply(s, "OK 0x%04" PRIx64, value);
    } else {
        qtest_reply(s, "OK 0x%016" PRIx64, value);
    }
}

static void cmd_store(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    AddressSpace *as = qtest_space(s, cmd);
    uint64_t addr, value;

    if (!as || !qtest_parse_u64(s, "address", argv[1], &addr) ||
        !qtest_parse_u64(s, "value", argv[2], &value)) {
        return;
    }
    /* A value wider than the access is cut to it, as QEMU does. */
    switch (cmd->size) {
    case 1:
        address_space_stb(as, addr, (uint8_t)value, NULL);
        break;
    case 2:
        address_space_stw(as, addr, (uint16_t)value, NULL);
        break;
    case 4:
        address_space_stl(as, addr, (uint32_t)value, NULL);
        break;
    case 8:
        address_space_stq(as, addr, value, NULL);
        break;
    }
    qtest_reply(s, "OK");
}

/* ADDR SIZE of read, write, b64read, b64write and memset. */
static AddressSpace *qtest_block_args(QtestServer *s, const QtestCommand *cmd,
                                      char **argv, size_t max, uint64_t *addr,
                                      size_t *size)
{
    AddressSpace *as = qtest_space(s, cmd);

    if (!as || !qtest_parse_u64(s, "address", argv[1], addr) ||
        !qtest_parse_size(s, argv[2], max, size)) {
        return NULL;
    }
    return as;
}

static void cmd_read(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t addr;
    size_t size;
    AddressSpace *as = qtest_block_args(s, cmd, argv, QTEST_MAX_READ, &addr,
                                        &size);
    g_autofree uint8_t *data = NULL;
    g_autofree char *text = NULL;

    if (!as) {
        return;
    }
    data = g_malloc(size ? size : 1);
    address_space_read(as, addr, data, size, NULL);
    text = g_malloc(2 * size + 1);
    for (size_t i = 0; i < size; i++) {
        text[2 * i] = hex[data[i] >> 4];
        text[2 * i + 1] = hex[data[i] & 0xf];
    }
    text[2 * size] = '\0';
    qtest_reply(s, "OK 0x%s", text);
}

static void cmd_b64read(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    uint64_t addr;
    size_t size;
    AddressSpace *as = qtest_block_args(s, cmd, argv, QTEST_MAX_READ, &addr,
                                        &size);
    g_autofree uint8_t *data = NULL;
    g_autofree char *text = NULL;

    if (!as) {
        return;
    }
    data = g_malloc(size ? size : 1);
    address_space_read(as, addr, data, size, NULL);
    text = g_base64_encode(data, size);
    qtest_reply(s, "OK %s", text);
}

static void cmd_write(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    uint64_t addr;
    size_t size, digits;
    AddressSpace *as = qtest_block_args(s, cmd, argv, QTEST_MAX_WRITE, &addr,
                                        &size);
    const char *hex = argv[3];
    g_autofree uint8_t *data = NULL;

    if (!as) {
        return;
    }
    if (hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')) {
        qtest_reply(s, "FAIL data must begin with 0x");
        return;
    }
    hex += 2;
    digits = strlen(hex);
    if (digits % 2) {
        qtest_reply(s, "FAIL data has an odd number of hex digits");
        return;
    }
    /* Bytes the data does not give are written as 0; extra ones are
     * ignored (QEMU's rule). */
    data = g_malloc0(size ? size : 1);
    for (size_t i = 0; i < digits / 2; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            qtest_reply(s, "FAIL data is not hex at digit %zu", 2 * i);
            return;
        }
        if (i < size) {
            data[i] = (uint8_t)(hi << 4 | lo);
        }
    }
    address_space_write(as, addr, data, size, NULL);
    qtest_reply(s, "OK");
}

static void cmd_b64write(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    uint64_t addr;
    size_t size;
    AddressSpace *as = qtest_block_args(s, cmd, argv, QTEST_MAX_WRITE, &addr,
                                        &size);
    g_autofree uint8_t *data = NULL;
    gsize len;

    if (!as) {
        return;
    }
    /* QEMU writes what decodes, up to SIZE, when the lengths differ. */
    data = g_base64_decode(argv[3], &len);
    address_space_write(as, addr, data, MIN(len, size), NULL);
    qtest_reply(s, "OK");
}

static void cmd_memset(QtestServer *s, const QtestCommand *cmd, char **argv)
{
    uint64_t addr, pattern;
    size_t size;
    AddressSpace *as = qtest_block_args(s, cmd, argv, QTEST_MAX_WRITE, &addr,
                                        &size);
    g_autofree uint8_t *chunk = NULL;
    size_t chunk_size;

    if (!as || !qtest_parse_u64(s, "value", argv[3], &pattern)) {
        return;
    }
    chunk_size = MIN(size, (size_t)64 * 1024);
    chunk = g_malloc(chunk_size ? chunk_size : 1);
    memset(chunk, (uint8_t)pattern, chunk_size);
    for (size_t done = 0; done < size;) {
        size_t n = MIN(chunk_size, size - done);

        address_space_write(as, addr + done, chunk, n, NULL);
        done += n;
    }
    qtest_reply(s, "OK");
}

/* The clock */

static void qtest_run_all_timers(void)
{
    for (int k = 0; k < CLOCK_KIND__MAX; k++) {
        clock_run_timers(k);
    }
}

/* Moves the manual clock source forward by delta ns, stopping at every
 * deadline on the way to run the timers due there, so each timer sees
 * the time it asked for. */
static void qtest_clock_advance(int64_t delta)
{
    int stalled = 0;

    for (;;) {
        int64_t next = clock_deadline_ns();

        if (next < 0 || next > delta) {
            break;
        }
        if (next > 0) {
            stalled = 0;
        } else if (++stalled > QTEST_MAX_STALLED_RUNS) {
            break;
        }
        clock_manual_advance(next);
        delta -= next;
        qtest_run_all_timers();
    }
    clock_manual_advance(delta);
    qtest_run_all_timers();
}

static void qtest_reply_clock(QtestServer *s)
{
    qtest_reply(s, "OK %" PRIi64, clock_get_ns(CLOCK_KIND_VIRTUAL));
}

/* Whether the clocks may move by delta ns: only qtest's manual source
 * moves by request, and no clock may pass INT64_MAX (the host clock,
 * which reads furthest ahead, is the one to check). */
static bool qtest_clock_can_advance(QtestServer *s, int64_t delta)
{
    if (!g_str_equal(vm_info_get_accel(), "qtest")) {
        qtest_reply(s, "FAIL the clock runs by itself: use -accel qtest");
        return false;
    }
    if (delta > INT64_MAX - clock_get_ns(CLOCK_KIND_HOST)) {
        qtest_reply(s, "FAIL the clock would overflow");
        return false;
    }
    return true;
}

static void cmd_clock_step(QtestServer *s, const QtestCommand *cmd,
                           char **argv)
{
    int64_t ns;

    if (argv[1]) {
        if (!qtest_parse_i64(s, "time", argv[1], &ns)) {
            return;
        }
        if (ns < 0) {
            qtest_reply(s, "FAIL the clock does not go backwards");
            return;
        }
    } else {
        /* To the next deadline; nothing armed: nowhere. */
        ns = MAX(clock_deadline_ns(), 0);
    }
    if (!qtest_clock_can_advance(s, ns)) {
        return;
    }
    qtest_clock_advance(ns);
    qtest_reply_clock(s);
}

static void cmd_clock_set(QtestServer *s, const QtestCommand *cmd,
                          char **argv)
{
    int64_t target, delta, now = clock_get_ns(CLOCK_KIND_VIRTUAL);

    if (!qtest_parse_i64(s, "time", argv[1], &target)) {
        return;
    }
    /* Compared first: target - now must not overflow. The clock never
     * goes back. */
    delta = target > now ? target - now : 0;
    if (!qtest_clock_can_advance(s, delta)) {
        return;
    }
    qtest_clock_advance(delta);
    qtest_reply_clock(s);
}

static void cmd_endianness(QtestServer *s, const QtestCommand *cmd,
                           char **argv)
{
    /* Every target this engine has is little-endian. */
    qtest_reply(s, "OK little");
}

/* IRQs */

static void qtest_pin_report(QtestPin *pin, int level)
{
    int high = level != 0;

    if (high != pin->level) {
        pin->level = high;
        qtest_reply(pin->server, "IRQ %s %d", high ? "raise" : "lower",
                    pin->n);
    }
}

static void qtest_pin_in_handler(void *opaque, int n, int level)
{
    QtestPin *pin = opaque;

    qtest_pin_report(pin, level);
    if (pin->orig_handler) {
        pin->orig_handler(pin->orig_opaque, pin->orig_n, level);
    }
}

static void qtest_pin_out_handler(void *opaque, int n, int level)
{
    QtestPin *pin = opaque;

    qtest_pin_report(pin, level);
    irq_set_level(pin->orig_target, level);
}

static void qtest_pin_release(QtestPin *pin, DeviceState *dev)
{
    if (pin->output) {
        object_property_set_link(OBJECT(dev), pin->prop,
                                 OBJECT(pin->orig_target), NULL);
        object_unref(pin->orig_target);
        object_unref(pin->tap);
        g_free(pin->prop);
    } else {
        pin->line->handler = pin->orig_handler;
        pin->line->opaque = pin->orig_opaque;
        pin->line->n = pin->orig_n;
        object_unref(pin->line);
    }
    g_free(pin);
}

static void qtest_release_interception(QtestServer *s)
{
    for (guint i = 0; i < s->pins->len; i++) {
        qtest_pin_release(g_ptr_array_index(s->pins, i), s->intercepted);
    }
    g_ptr_array_set_size(s->pins, 0);
    g_clear_pointer(&s->intercepted, object_unref);
}

static bool qtest_set_matches(const char *set_name, const char *filter,
                              const char *unnamed)
{
    if (!filter) {
        return true;
    }
    return set_name ? g_str_equal(set_name, filter)
                    : g_str_equal(filter, unnamed);
}

static void qtest_intercept_input(QtestServer *s, DeviceState *dev,
                                  const char *set, int n)
{
    IrqLine *line = gpio_get_in(OBJECT(dev), set, n);
    QtestPin *pin;

    if (!line) {
        return;
    }
    pin = g_new0(QtestPin, 1);
    pin->server = s;
    pin->n = n;
    pin->line = IRQ(object_ref(OBJECT(line)));
    pin->orig_handler = line->handler;
    pin->orig_opaque = line->opaque;
    pin->orig_n = line->n;
    line->handler = qtest_pin_in_handler;
    line->opaque = pin;
    line->n = n;
    g_ptr_array_add(s->pins, pin);
}

static void qtest_intercept_output(QtestServer *s, DeviceState *dev,
                                   const char *set, int n)
{
    g_autofree char *prop = g_strdup_printf("%s[%d]", set ? set : "gpio-out",
                                            n);
    ObjectProperty *p = object_property_find(OBJECT(dev), prop);
    Object *target = NULL;
    QtestPin *pin;

    if (!p || !object_property_is_link(p) ||
        !object_property_get_link(OBJECT(dev), prop, &target, NULL)) {
        return;
    }
    pin = g_new0(QtestPin, 1);
    pin->server = s;
    pin->n = n;
    pin->output = true;
    pin->orig_target = target ? IRQ(object_ref(target)) : NULL;
    pin->tap = irq_new(qtest_pin_out_handler, pin, n);
    if (!object_property_set_link(OBJECT(dev), prop, OBJECT(pin->tap),
                                  NULL)) {
        object_unref(pin->orig_target);
        object_unref(pin->tap);
        g_free(pin);
        return;
    }
    pin->prop = g_steal_pointer(&prop);
    g_ptr_array_add(s->pins, pin);
}

static DeviceState *qtest_find_device(const char *path)
{
    Object *obj = object_resolve_path(path, NULL);

    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}

static void cmd_irq_intercept(QtestServer *s, const QtestCommand *cmd,
                              char **argv)
{
    bool output = g_str_equal(cmd->name, "irq_intercept_out");
    DeviceState *dev = qtest_find_device(argv[1]);
    const char *filter = output ? argv[2] : NULL;

    if (!dev) {
        qtest_reply(s, "FAIL Unknown device");
        return;
    }
    if (s->intercepted) {
        if (s->intercepted != dev) {
            qtest_reply(s, "FAIL IRQ intercept already enabled");
        } else {
            qtest_reply(s, "OK");
        }
        return;
    }
    s->intercepted = DEVICE(object_ref(OBJECT(dev)));
    for (GList *l = dev->gpios; l; l = l->next) {
        QdevGpioSet *set = l->data;
        int count = output ? set->num_out : set->num_in;

        if (!qtest_set_matches(set->name, filter,
                               output ? UNNAMED_GPIO_OUT : UNNAMED_GPIO_IN)) {
            continue;
        }
        for (int n = 0; n < count; n++) {
            if (output) {
                qtest_intercept_output(s, dev, set->name, n);
            } else {
                qtest_intercept_input(s, dev, set->name, n);
            }
        }
    }
    qtest_reply(s, "OK");
}

static void cmd_set_irq_in(QtestServer *s, const QtestCommand *cmd,
                           char **argv)
{
    DeviceState *dev = qtest_find_device(argv[1]);
    const char *set = g_str_equal(argv[2], UNNAMED_GPIO_IN) ? NULL : argv[2];
    int64_t n, level;
    IrqLine *line;

    if (!dev) {
        qtest_reply(s, "FAIL Unknown device");
        return;
    }
    if (!qtest_parse_i64(s, "pin number", argv[3], &n) ||
        !qtest_parse_i64(s, "level", argv[4], &level)) {
        return;
    }
    line = n >= 0 && n <= INT_MAX ? gpio_get_in(OBJECT(dev), set, (int)n)
                                  : NULL;
    if (!line) {
        g_autofree char *quoted = qtest_quote(argv[2]);

        qtest_reply(s, "FAIL the device has no input %s[%" PRIi64 "]",
                    quoted, n);
        return;
    }
    irq_set_level(line, level != 0);
    qtest_reply(s, "OK");
}

/* Lines */

#define SIZED(name, fn, args, size, io, usage) \
    { name, fn, args, args, size, io, usage }

static const QtestCommand qtest_commands[] = {
    SIZED("readb", cmd_load, 1, 1, false, "ADDR"),
    SIZED("readw", cmd_load, 1, 2, false, "ADDR"),
    SIZED("readl", cmd_load, 1, 4, false, "ADDR"),
    SIZED("readq", cmd_load, 1, 8, false, "ADDR"),
    SIZED("writeb", cmd_store, 2, 1, false, "ADDR VALUE"),
    SIZED("writew", cmd_store, 2, 2, false, "ADDR VALUE"),
    SIZED("writel", cmd_store, 2, 4, false, "ADDR VALUE"),
    SIZED("writeq", cmd_store, 2, 8, false, "ADDR VALUE"),
    SIZED("inb", cmd_load, 1, 1, true, "PORT"),
    SIZED("inw", cmd_load, 1, 2, true, "PORT"),
    SIZED("inl", cmd_load, 1, 4, true, "PORT"),
    SIZED("outb", cmd_store, 2, 1, true, "PORT VALUE"),
    SIZED("outw", cmd_store, 2, 2, true, "PORT VALUE"),
    SIZED("outl", cmd_store, 2, 4, true, "PORT VALUE"),
    SIZED("read", cmd_read, 2, 0, false, "ADDR SIZE"),
    SIZED("write", cmd_write, 3, 0, false, "ADDR SIZE 0xDATA"),
    SIZED("b64read", cmd_b64read, 2, 0, false, "ADDR SIZE"),
    SIZED("b64write", cmd_b64write, 3, 0, false, "ADDR SIZE BASE64"),
    SIZED("memset", cmd_memset, 3, 0, false, "ADDR SIZE BYTE"),
    { "clock_step", cmd_clock_step, 0, 1, 0, false, "[NS]" },
    SIZED("clock_set", cmd_clock_set, 1, 0, false, "NS"),
    SIZED("endianness", cmd_endianness, 0, 0, false, ""),
    SIZED("irq_intercept_in", cmd_irq_intercept, 1, 0, false, "QOM-PATH"),
    { "irq_intercept_out", cmd_irq_intercept, 1, 2, 0, false,
      "QOM-PATH [NAME]" },
    SIZED("set_irq_in", cmd_set_irq_in, 4, 0, false,
          "QOM-PATH NAME NUM LEVEL"),
};

static void qtest_run_line(QtestServer *s, char *line, size_t len)
{
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    char *save = NULL;
    int argc;

    /* A client on a terminal or a CRLF stream ends lines with "\r\n". */
    if (len && line[len - 1] == '\r') {
        line[--len] = '\0';
    }
    qtest_log_line(s, 'R', line, len);
    if (memchr(line, '\0', len)) {
        qtest_reply(s, "FAIL the line holds a NUL byte");
        return;
    }
    for (char *w = strtok_r(line, " \t", &save); w;
         w = strtok_r(NULL, " \t", &save)) {
        g_ptr_array_add(words, w);
    }
    argc = (int)words->len - 1;
    g_ptr_array_add(words, NULL);
    if (argc < 0) {
        qtest_reply(s, "FAIL Unknown command ''");
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(qtest_commands); i++) {
        const QtestCommand *cmd = &qtest_commands[i];

        if (!g_str_equal(cmd->name, g_ptr_array_index(words, 0))) {
            continue;
        }
        if (argc < cmd->min_args || argc > cmd->max_args) {
            qtest_reply(s, "FAIL usage: %s %s", cmd->name, cmd->usage);
            return;
        }
        cmd->fn(s, cmd, (char **)words->pdata);
        return;
    }
    g_autofree char *quoted = qtest_quote(g_ptr_array_index(words, 0));
    qtest_reply(s, "FAIL Unknown command '%s'", quoted);
}

void qtest_server_feed(QtestServer *s, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        const char *nl = memchr(p, '\n', len);
        size_t take = nl ? (size_t)(nl - p) : len;

        if (s->discarding) {
            /* The rest of an overlong line goes nowhere. */
        } else if (s->inbuf->len + take > QTEST_MAX_LINE) {
            s->discarding = true;
            g_string_truncate(s->inbuf, 0);
        } else {
            g_string_append_len(s->inbuf, p, take);
        }
        if (!nl) {
            return;
        }
        if (s->discarding) {
            s->discarding = false;
            qtest_reply(s, "FAIL the line is longer than %zu bytes",
                        (size_t)QTEST_MAX_LINE);
        } else {
            /* The line leaves the buffer before it runs: the buffer
             * belongs to the next line whatever the command does. */
            g_autoptr(GString) line = s->inbuf;

            s->inbuf = g_string_new(NULL);
            qtest_run_line(s, line->str, line->len);
        }
        p += take + 1;
        len -= take + 1;
    }
}

void qtest_server_connection(QtestServer *s, bool opened)
{
    const char *event = opened ? "OPENED" : "CLOSED";

    qtest_log_line(s, 'I', event, strlen(event));
    g_string_truncate(s->inbuf, 0);
    s->discarding = false;
    for (guint i = 0; i < s->pins->len; i++) {
        QtestPin *pin = g_ptr_array_index(s->pins, i);

        pin->level = 0;
    }
}

QtestServer *qtest_server_new(QtestSend *send, void *opaque)
{
    QtestServer *s = g_new0(QtestServer, 1);

    s->send = send;
    s->opaque = opaque;
    s->since = g_timer_new();
    s->inbuf = g_string_new(NULL);
    s->pins = g_ptr_array_new();
    return s;
}

void qtest_server_free(QtestServer *s)
{
    if (!s) {
        return;
    }
    qtest_release_interception(s);
    g_ptr_array_unref(s->pins);
    g_string_free(s->inbuf, TRUE);
    g_timer_destroy(s->since);
    g_free(s);
}

void qtest_server_set_log(QtestServer *s, FILE *log)
{
    s->log = log;
}

/* The process's server on its chardev. */

static struct {
    QtestServer *server;
    Chardev *chr;
    FILE *log;
} qtest_process;

static void qtest_chr_send(void *opaque, const char *text, size_t len)
{
    chardev_write(opaque, text, len);
}

static size_t qtest_chr_can_read(void *opaque)
{
    return 64 * 1024;
}

static void qtest_chr_read(void *opaque, const uint8_t *buf, size_t len)
{
    qtest_server_feed(opaque, buf, len);
}

static void qtest_chr_event(void *opaque, ChardevEvent event)
{
    if (event == CHARDEV_EVENT_OPENED || event == CHARDEV_EVENT_CLOSED) {
        qtest_server_connection(opaque, event == CHARDEV_EVENT_OPENED);
    }
}

/* At exit, after the engine let go of the machine and the chardevs: the
 * server undoes its interceptions and the chardev goes (a server socket's
 * file with it). Until then the server's references keep both alive, so
 * a chardev-remove or device_del cannot pull them from under it. */
static void qtest_process_end(void)
{
    chardev_detach_handlers(qtest_process.chr, qtest_process.server);
    g_clear_pointer(&qtest_process.server, qtest_server_free);
    object_unref(OBJECT(qtest_process.chr));
    qtest_process.chr = NULL;
    if (qtest_process.log) {
        fclose(qtest_process.log);
        qtest_process.log = NULL;
    }
}

bool qtest_start(const char *chardev_spec, const char *log_path,
                 Error **errp)
{
    Error *local_err = NULL;
    g_autoptr(QDict) opts = NULL;
    Chardev *chr;
    FILE *log = NULL;

    if (qtest_process.server) {
        error_setg(errp, "-qtest: the qtest server is already running");
        return false;
    }
    opts = engine_config_legacy_chardev_opts(chardev_spec, &local_err);
    if (!opts) {
        if (!local_err) {
            error_setg(&local_err, "qtest needs a character device");
        }
        error_propagate(errp, local_err);
        error_prepend(errp, "-qtest %s: ", chardev_spec);
        return false;
    }
    if (log_path && !g_str_equal(log_path, "none")) {
        log = fopen(log_path, "w");
        if (!log) {
            error_setg_errno(errp, errno, "-qtest-log %s", log_path);
            return false;
        }
        /* Line by line: a test reads the log while the engine runs. */
        setvbuf(log, NULL, _IOLBF, 0);
    }
    qdict_put_str(opts, "id", "qtest");
    chr = chardev_new_from_opts(opts, errp);
    if (!chr) {
        error_prepend(errp, "-qtest %s: ", chardev_spec);
        if (log) {
            fclose(log);
        }
        return false;
    }
    /* -machine accel=qtest, QEMU's older spelling, comes here without the
     * manual clock -accel qtest set; nothing has moved it yet, so setting
     * it again changes nothing. */
    if (g_str_equal(vm_info_get_accel(), "qtest")) {
        clock_use_manual_source(0);
    }
    qtest_process.chr = chr;
    qtest_process.log = log;
    qtest_process.server = qtest_server_new(qtest_chr_send, chr);
    qtest_server_set_log(qtest_process.server, log);
    chardev_set_handlers(chr, qtest_chr_can_read, qtest_chr_read,
                         qtest_chr_event, qtest_process.server);
    atexit(qtest_process_end);
    return true;
}
