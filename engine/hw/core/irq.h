/* IRQ lines and named GPIO pins: how a device's interrupt output reaches a
 * controller's input.
 *
 * An IrqLine (TYPE_IRQ) is a QOM object that forwards every level set on it
 * to its handler(opaque, n, level); the line does not filter repeats, so a
 * level-triggered controller sees each edge its source signals. A NULL line
 * stands for an unconnected pin: setting a level on it does nothing.
 *
 * GPIO pins live on any Object as properties, so they show in the QOM tree:
 *  - inputs, gpio_init_in(): child<irq> properties "name[0]".."name[n-1]",
 *    lines owned by the object whose handler gets the object as opaque;
 *  - outputs, gpio_init_out(): link<irq> properties "name[0]".., stored in
 *    the caller's IrqLine *pins[n] (normally a field of the device, so the
 *    device raises pins[i] directly). The links are strong: a connected
 *    line stays allocated while the output points at it; its handler's
 *    opaque is not kept alive, so a board tears controllers down after the
 *    devices wired to them.
 * A NULL name means the unnamed set, "gpio-in" or "gpio-out".
 * gpio_connect() points an output at an input line.
 *
 * Ownership: irq_new() returns a reference the caller owns (object_unref()).
 * gpio_get_in() lends. Failures: gpio_connect() reports a missing pin as
 * "object 'path' has no GPIO output 'name[n]'". Main thread only. */
#pragma once

#include "object.h"

#define TYPE_IRQ "irq"
OBJECT_DECLARE_SIMPLE_TYPE(IrqLine, IRQ)

typedef void IrqHandler(void *opaque, int n, int level);

struct IrqLine {
    Object parent_obj;
    IrqHandler *handler;
    void *opaque;
    int n;
};

/* A line calling handler(opaque, n, level); handler may be NULL (a line
 * that goes nowhere). */
IrqLine *irq_new(IrqHandler *handler, void *opaque, int n);

/* Level changes; all are no-ops on a NULL line. pulse is raise then
 * lower, for edge-triggered inputs. */
void irq_set_level(IrqLine *irq, int level);
void irq_raise(IrqLine *irq);
void irq_lower(IrqLine *irq);
void irq_pulse(IrqLine *irq);

/* n input lines on obj named name[0..n-1], each calling
 * handler(obj, i, level). Aborts when a name is taken. */
void gpio_init_in(Object *obj, IrqHandler *handler, int n, const char *name);
/* n output pins on obj, stored in pins[0..n-1] (which start NULL and must
 * live as long as obj). Aborts when a name is taken. */
void gpio_init_out(Object *obj, IrqLine **pins, int n, const char *name);

/* Input line `n` of set `name` on obj, lent; NULL when there is none. */
IrqLine *gpio_get_in(Object *obj, const char *name, int n);
/* Points output `n` of set `name` on src at dst (NULL disconnects). */
bool gpio_connect(Object *src, const char *name, int n, IrqLine *dst,
                  Error **errp);
