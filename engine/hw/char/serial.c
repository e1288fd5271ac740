/* The 16550A UART on MMIO: see serial.h. */
#include "serial.h"

#include <inttypes.h>

#include "chardev.h"
#include "clock.h"
#include "guest-error.h"
#include "qapi-qom.h"
#include "sysbus.h"

OBJECT_DECLARE_SIMPLE_TYPE(SerialMM, SERIAL_MM)

enum {
    SERIAL_FIFO_SIZE = 16,
    /* A register window of 8 << regshift bytes: shifts beyond this would
     * only describe a board error, not a UART. */
    SERIAL_MAX_REGSHIFT = 16,
};

/* Register numbers (address >> regshift). */
enum {
    REG_RBR_THR_DLL = 0,
    REG_IER_DLM = 1,
    REG_IIR_FCR = 2,
    REG_LCR = 3,
    REG_MCR = 4,
    REG_LSR = 5,
    REG_MSR = 6,
    REG_SCR = 7,
};

enum {
    IER_RDI = 0x01,             /* received data (and timeout) */
    IER_THRI = 0x02,            /* THR empty */
    IER_RLSI = 0x04,            /* line status */
    IER_MSI = 0x08,             /* modem status */
    IER_MASK = 0x0f,

    IIR_NO_INT = 0x01,
    IIR_MSI = 0x00,
    IIR_THRI = 0x02,
    IIR_RDI = 0x04,
    IIR_RLSI = 0x06,
    IIR_CTI = 0x0c,             /* character timeout */
    IIR_FIFOS_ON = 0xc0,

    FCR_FE = 0x01,
    FCR_CLEAR_RX = 0x02,
    FCR_CLEAR_TX = 0x04,
    FCR_KEPT = 0xc9,            /* enable, DMA mode, trigger level */

    LCR_WLEN_MASK = 0x03,
    LCR_STOP2 = 0x04,
    LCR_PARITY = 0x08,
    LCR_DLAB = 0x80,

    MCR_DTR = 0x01,
    MCR_RTS = 0x02,
    MCR_OUT1 = 0x04,
    MCR_OUT2 = 0x08,
    MCR_LOOP = 0x10,
    MCR_MASK = 0x1f,

    LSR_DR = 0x01,
    LSR_OE = 0x02,
    LSR_PE = 0x04,
    LSR_FE = 0x08,
    LSR_BI = 0x10,
    LSR_THRE = 0x20,
    LSR_TEMT = 0x40,
    LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI,

    MSR_DCTS = 0x01,
    MSR_DDSR = 0x02,
    MSR_TERI = 0x04,
    MSR_DDCD = 0x08,
    MSR_DELTAS = 0x0f,
    MSR_CTS = 0x10,
    MSR_DSR = 0x20,
    MSR_RI = 0x40,
    MSR_DCD = 0x80,
};

/* The receive FIFO trigger levels, by FCR bits 7:6. */
static const uint8_t rx_trigger_levels[4] = { 1, 4, 8, 14 };

struct SerialMM {
    SysBusDevice parent_obj;
    SerialMmProperties props;

    MemoryRegion mmio;
    bool mmio_ready;            /* mmio and irq declared (first realize) */
    IrqLine *irq;
    int irq_level;
    Chardev *chr;               /* a reference while realized, or NULL */
    Timer *rx_timeout;

    uint8_t ier;
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr_errors;         /* sticky OE/PE/FE/BI, cleared by LSR reads */
    uint8_t msr;
    uint8_t scr;
    uint8_t fcr;
    uint8_t rbr;                /* 16450 mode's receive buffer */
    uint16_t divisor;
    uint8_t rx[SERIAL_FIFO_SIZE];   /* the receive FIFO, in FIFO mode */
    unsigned rx_head;
    unsigned rx_count;          /* bytes waiting: FIFO, or RBR (0 or 1) */
    bool thr_ipending;
    bool timeout_ipending;
    bool input_blocked;         /* can_read said 0: owe accept_input */
    SerialActivityFn *activity_fn;  /* see serial_mm_set_activity_hook() */
    void *activity_opaque;
    GuestErrorLog guest_errors;
};

/* The modem lines: looped back from MCR, else QEMU's idle line (carrier,
 * data set ready, clear to send). */
static uint8_t serial_modem_lines(SerialMM *s)
{
    uint8_t lines = 0;

    if (!(s->mcr & MCR_LOOP)) {
        return MSR_DCD | MSR_DSR | MSR_CTS;
    }
    if (s->mcr & MCR_RTS) {
        lines |= MSR_CTS;
    }
    if (s->mcr & MCR_DTR) {
        lines |= MSR_DSR;
    }
    if (s->mcr & MCR_OUT1) {
        lines |= MSR_RI;
    }
    if (s->mcr & MCR_OUT2) {
        lines |= MSR_DCD;
    }
    return lines;
}

/* New line levels into MSR, with the delta bits the datasheet defines
 * (RI reports only its trailing edge). */
static void serial_update_msr(SerialMM *s)
{
    uint8_t old = s->msr;
    uint8_t lines = serial_modem_lines(s);
    uint8_t deltas = old & MSR_DELTAS;

    if ((old ^ lines) & MSR_CTS) {
        deltas |= MSR_DCTS;
    }
    if ((old ^ lines) & MSR_DSR) {
        deltas |= MSR_DDSR;
    }
    if ((old & MSR_RI) && !(lines & MSR_RI)) {
        deltas |= MSR_TERI;
    }
    if ((old ^ lines) & MSR_DCD) {
        deltas |= MSR_DDCD;
    }
    s->msr = lines | deltas;
}

static bool serial_fifo_enabled(SerialMM *s)
{
    return s->fcr & FCR_FE;
}

static unsigned serial_rx_capacity(SerialMM *s)
{
    return serial_fifo_enabled(s) ? SERIAL_FIFO_SIZE : 1;
}

static bool serial_rx_at_trigger(SerialMM *s)
{
    if (!serial_fifo_enabled(s)) {
        return s->rx_count > 0;
    }
    return s->rx_count >= rx_trigger_levels[s->fcr >> 6];
}

/* The interrupt the IIR reports now, highest priority first. */
static uint8_t serial_pending_cause(SerialMM *s)
{
    if ((s->ier & IER_RLSI) && (s->lsr_errors & LSR_ERRORS)) {
        return IIR_RLSI;
    }
    if ((s->ier & IER_RDI) && s->timeout_ipending) {
        return IIR_CTI;
    }
    if ((s->ier & IER_RDI) && serial_rx_at_trigger(s)) {
        return IIR_RDI;
    }
    if ((s->ier & IER_THRI) && s->thr_ipending) {
        return IIR_THRI;
    }
    if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS)) {
        return IIR_MSI;
    }
    return IIR_NO_INT;
}

static void serial_update_irq(SerialMM *s)
{
    int level = serial_pending_cause(s) != IIR_NO_INT;

    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set_level(s->irq, level);
    }
}

/* One character on the line: start bit, 5-8 data bits, parity, 1, 1.5
 * or 2 stop bits, at baudbase / divisor bits per second. A divisor of 0
 * counts as 1. */
static int64_t serial_char_time_ns(SerialMM *s)
{
    unsigned data_bits = 5 + (s->lcr & LCR_WLEN_MASK);
    unsigned half_bits = 2 * (1 + data_bits);
    uint64_t divisor = s->divisor ? s->divisor : 1;

    if (s->lcr & LCR_PARITY) {
        half_bits += 2;
    }
    if (s->lcr & LCR_STOP2) {
        half_bits += data_bits == 5 ? 3 : 4;
    } else {
        half_bits += 2;
    }
    /* At most 24 half bits * 65535 * 1e9 / 2: fits in 64 bits. */
    return (int64_t)(half_bits * divisor * UINT64_C(1000000000) /
                     (2 * (uint64_t)s->props.baudbase));
}

/* The character timeout restarts whenever a byte enters or leaves the
 * FIFO; it matters only in FIFO mode with data waiting. */
static void serial_restart_timeout(SerialMM *s)
{
    s->timeout_ipending = false;
    if (serial_fifo_enabled(s) && s->rx_count > 0) {
        timer_mod(s->rx_timeout, clock_get_ns(CLOCK_KIND_VIRTUAL) +
                                 4 * serial_char_time_ns(s));
    } else {
        timer_del(s->rx_timeout);
    }
}

static void serial_rx_timeout(void *opaque)
{
    SerialMM *s = opaque;

    if (serial_fifo_enabled(s) && s->rx_count > 0) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

/* Tells the chardev there is room again if it was told there was none. */
static void serial_accept_input(SerialMM *s)
{
    if (s->input_blocked && s->chr && !(s->mcr & MCR_LOOP) &&
        s->rx_count < serial_rx_capacity(s)) {
        s->input_blocked = false;
        chardev_accept_input(s->chr);
    }
}

static void serial_rx_clear(SerialMM *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    serial_restart_timeout(s);
}

/* One received byte. In 16450 mode it lands in RBR, destroying an unread
 * one (overrun, as the datasheet says); with the FIFO on, a full FIFO
 * keeps its contents and the new byte is lost (overrun too). */
static void serial_rx_push(SerialMM *s, uint8_t byte)
{
    if (!serial_fifo_enabled(s)) {
        if (s->rx_count) {
            s->lsr_errors |= LSR_OE;
        }
        s->rbr = byte;
        s->rx_count = 1;
        return;
    }
    if (s->rx_count == SERIAL_FIFO_SIZE) {
        s->lsr_errors |= LSR_OE;
        return;
    }
    s->rx[(s->rx_head + s->rx_count) % SERIAL_FIFO_SIZE] = byte;
    s->rx_count++;
    serial_restart_timeout(s);
}

/* A guest read of RBR: the oldest FIFO byte (0 when empty, as QEMU), or in
 * 16450 mode the RBR, which keeps the last byte received. */
static uint8_t serial_rx_pop(SerialMM *s)
{
    uint8_t byte;

    if (!serial_fifo_enabled(s)) {
        s->rx_count = 0;
        return s->rbr;
    }
    if (!s->rx_count) {
        return 0;
    }
    byte = s->rx[s->rx_head];
    s->rx_head = (s->rx_head + 1) % SERIAL_FIFO_SIZE;
    s->rx_count--;
    serial_restart_timeout(s);
    return byte;
}

/* Chardev front-end. */

static size_t serial_can_read(void *opaque)
{
    SerialMM *s = opaque;
    size_t room = s->mcr & MCR_LOOP ? 0 :
                  serial_rx_capacity(s) - s->rx_count;

    if (!room) {
        s->input_blocked = true;
    }
    return room;
}

static void serial_note_activity(SerialMM *s, SerialActivity what)
{
    if (s->activity_fn) {
        s->activity_fn(s->activity_opaque, what);
    }
}

void serial_mm_set_activity_hook(DeviceState *dev, SerialActivityFn *fn,
                                 void *opaque)
{
    SerialMM *s = SERIAL_MM(dev);

    s->activity_fn = fn;
    s->activity_opaque = opaque;
}

static void serial_read(void *opaque, const uint8_t *buf, size_t len)
{
    SerialMM *s = opaque;

    /* In loopback the receiver listens to the transmitter only. */
    if (s->mcr & MCR_LOOP) {
        return;
    }
    for (size_t i = 0; i < len; i++) {
        serial_rx_push(s, buf[i]);
    }
    serial_update_irq(s);
    serial_note_activity(s, SERIAL_ACTIVITY_PROGRESS);
}

/* Transmission is instant: the byte leaves and THR is empty again. */
static void serial_transmit(SerialMM *s, uint8_t byte)
{
    if (s->mcr & MCR_LOOP) {
        serial_rx_push(s, byte);
    } else if (s->chr) {
        chardev_write(s->chr, &byte, 1);
    }
    s->thr_ipending = true;
}

/* Guest accesses. One access reads or writes one register, whatever its
 * size (as QEMU's serial-mm does); the byte sits at the low end of the
 * value, or the high end with big-endian accesses. */

static bool serial_big_endian(SerialMM *s)
{
    return s->props.endianness == 1;
}

static uint8_t serial_read_reg(SerialMM *s, unsigned reg)
{
    uint8_t val;

    switch (reg) {
    case REG_RBR_THR_DLL:
        if (s->lcr & LCR_DLAB) {
            return s->divisor & 0xff;
        }
        val = serial_rx_pop(s);
        serial_accept_input(s);
        serial_update_irq(s);
        return val;
    case REG_IER_DLM:
        return s->lcr & LCR_DLAB ? s->divisor >> 8 : s->ier;
    case REG_IIR_FCR:
        val = serial_pending_cause(s);
        /* Reading IIR acknowledges a THR-empty interrupt it reports. */
        if (val == IIR_THRI) {
            s->thr_ipending = false;
            serial_update_irq(s);
        }
        return val | (serial_fifo_enabled(s) ? IIR_FIFOS_ON : 0);
    case REG_LCR:
        return s->lcr;
    case REG_MCR:
        return s->mcr;
    case REG_LSR:
        val = s->lsr_errors | LSR_THRE | LSR_TEMT |
              (s->rx_count ? LSR_DR : 0);
        s->lsr_errors = 0;
        serial_update_irq(s);
        if (!s->rx_count) {
            serial_note_activity(s, SERIAL_ACTIVITY_IDLE_POLL);
        }
        return val;
    case REG_MSR:
        val = s->msr;
        s->msr &= ~MSR_DELTAS;
        serial_update_irq(s);
        return val;
    default:
        return s->scr;
    }
}

static void serial_write_ier(SerialMM *s, uint8_t val)
{
    uint8_t old = s->ier;

    s->ier = val & IER_MASK;
    /* Enabling THRI with THR empty raises the interrupt anew: Linux's
     * 8250 probe toggles THRI twice and expects it both times, or it
     * falls back to polling (UART_BUG_THRE). */
    if ((s->ier & IER_THRI) && !(old & IER_THRI)) {
        s->thr_ipending = true;
    }
}

/* As QEMU's model: switching the FIFOs on or off clears both; the clear
 * bits act whether or not FCR.FE is set; and an emptied transmitter
 * raises THRE anew, as any other time THR becomes empty. */
static void serial_write_fcr(SerialMM *s, uint8_t val)
{
    if ((val ^ s->fcr) & FCR_FE) {
        val |= FCR_CLEAR_RX | FCR_CLEAR_TX;
    }
    s->fcr = val & FCR_KEPT;
    if (val & FCR_CLEAR_RX) {
        serial_rx_clear(s);
    }
    if (val & FCR_CLEAR_TX) {
        s->thr_ipending = true;
    }
}

static void serial_write_reg(SerialMM *s, unsigned reg, uint8_t val)
{
    switch (reg) {
    case REG_RBR_THR_DLL:
        if (s->lcr & LCR_DLAB) {
            s->divisor = (s->divisor & 0xff00) | val;
        } else {
            serial_transmit(s, val);
            serial_note_activity(s, SERIAL_ACTIVITY_PROGRESS);
        }
        break;
    case REG_IER_DLM:
        if (s->lcr & LCR_DLAB) {
            s->divisor = (s->divisor & 0x00ff) | (uint16_t)(val << 8);
        } else {
            serial_write_ier(s, val);
        }
        break;
    case REG_IIR_FCR:
        serial_write_fcr(s, val);
        break;
    case REG_LCR:
        s->lcr = val;
        break;
    case REG_MCR:
        s->mcr = val & MCR_MASK;
        serial_update_msr(s);
        break;
    case REG_LSR:
    case REG_MSR:
        /* Read-only (factory test on some parts): ignored, as QEMU does. */
        guest_error(&s->guest_errors, "serial-mm: write 0x%02x to "
                    "read-only register %u", val, reg);
        break;
    default:
        s->scr = val;
        break;
    }
    serial_accept_input(s);
    serial_update_irq(s);
}

static uint64_t serial_mmio_read(void *opaque, hwaddr off, unsigned size)
{
    SerialMM *s = opaque;
    uint64_t val = serial_read_reg(s, (off >> s->props.regshift) & 7);

    return serial_big_endian(s) ? val << (8 * (size - 1)) : val;
}

static void serial_mmio_write(void *opaque, hwaddr off, uint64_t val,
                              unsigned size)
{
    SerialMM *s = opaque;
    uint8_t byte = serial_big_endian(s) ? val >> (8 * (size - 1)) : val;

    serial_write_reg(s, (off >> s->props.regshift) & 7, byte);
}

static const MemoryRegionOps serial_mmio_ops = {
    .read = serial_mmio_read,
    .write = serial_mmio_write,
    .min_access = 1,
    .max_access = 8,
};

/* Life cycle. */

void serial_mm_reset(DeviceState *dev)
{
    SerialMM *s = SERIAL_MM(dev);

    s->ier = 0;
    s->lcr = 0;
    s->mcr = MCR_OUT2;
    s->lsr_errors = 0;
    s->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    s->scr = 0;
    s->fcr = 0;
    s->rbr = 0;
    s->divisor = 12;                /* what QEMU's port shows at power-on */
    s->thr_ipending = false;
    serial_rx_clear(s);
    serial_accept_input(s);
    s->irq_level = -1;              /* drive it, whatever it was */
    serial_update_irq(s);
}

static bool serial_mm_realize(DeviceState *dev, Error **errp)
{
    SerialMM *s = SERIAL_MM(dev);
    const char *id = s->props.chardev;
    Chardev *chr = NULL;

    if (s->props.regshift > SERIAL_MAX_REGSHIFT) {
        error_setg(errp, "serial-mm: regshift %u is above the limit of %d",
                   s->props.regshift, SERIAL_MAX_REGSHIFT);
        return false;
    }
    if (s->props.endianness > 2) {
        error_setg(errp, "serial-mm: endianness must be 0 (native), 1 (big) "
                   "or 2 (little), not %u", s->props.endianness);
        return false;
    }
    if (!s->props.baudbase) {
        error_setg(errp, "serial-mm: baudbase must not be 0");
        return false;
    }
    if (id && *id) {
        chr = chardev_find(id);
        if (!chr) {
            error_setg(errp, "serial-mm: chardev '%s' not found", id);
            return false;
        }
        if (chardev_in_use(chr)) {
            error_setg(errp, "serial-mm: chardev '%s' is already in use", id);
            return false;
        }
    }

    if (!s->mmio_ready) {
        memory_region_init_io(&s->mmio, "serial", &serial_mmio_ops, s,
                              UINT64_C(8) << s->props.regshift);
        sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
        sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);
        s->mmio_ready = true;
    } else if (s->mmio.size != UINT64_C(8) << s->props.regshift) {
        error_setg(errp, "serial-mm: regshift cannot change once the "
                   "device was realized");
        return false;
    }

    serial_mm_reset(dev);
    if (chr) {
        s->chr = CHARDEV(object_ref(OBJECT(chr)));
        chardev_set_handlers(chr, serial_can_read, serial_read, NULL, s);
    }
    return true;
}

static void serial_mm_unrealize(DeviceState *dev)
{
    SerialMM *s = SERIAL_MM(dev);

    if (s->chr) {
        chardev_detach_handlers(s->chr, s);
        g_clear_pointer(&s->chr, object_unref);
    }
    timer_del(s->rx_timeout);
}

static void serial_mm_init(Object *obj)
{
    SerialMM *s = SERIAL_MM(obj);

    s->rx_timeout = timer_new(CLOCK_KIND_VIRTUAL, serial_rx_timeout, s);
}

static void serial_mm_finalize(Object *obj)
{
    SerialMM *s = SERIAL_MM(obj);

    timer_free(s->rx_timeout);
    if (s->mmio_ready) {
        memory_region_finalize(&s->mmio);
    }
}

static void serial_mm_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_serial_mm_class_add_properties(
        oc, QOM_PROPS_OFFSET(SerialMM, props, SerialMmProperties));
    dc->realize = serial_mm_realize;
    dc->unrealize = serial_mm_unrealize;
    dc->reset = serial_mm_reset;
    /* Boards create it, as in QEMU. */
    dc->user_creatable = false;
}

static const TypeInfo serial_mm_info = {
    QOM_SERIAL_MM_TYPE_INFO,
    .instance_size = sizeof(SerialMM),
    .instance_init = serial_mm_init,
    .instance_finalize = serial_mm_finalize,
    .class_init = serial_mm_class_init,
};

DEFINE_TYPES_REGISTER_ONCE(serial_mm_register_types, &serial_mm_info, 1)
