/* IRQ lines and GPIO pins; see irq.h. */
#include "irq.h"

#include "object-link.h"
#include "object-path.h"

#define GPIO_IN_DEFAULT "gpio-in"
#define GPIO_OUT_DEFAULT "gpio-out"

static const TypeInfo irq_types[] = {
    {
        .name = TYPE_IRQ,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(IrqLine),
    },
};
DEFINE_TYPES(irq_types)

IrqLine *irq_new(IrqHandler *handler, void *opaque, int n)
{
    IrqLine *irq = IRQ(object_new(TYPE_IRQ));

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

void irq_set_level(IrqLine *irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

void irq_raise(IrqLine *irq)
{
    irq_set_level(irq, 1);
}

void irq_lower(IrqLine *irq)
{
    irq_set_level(irq, 0);
}

void irq_pulse(IrqLine *irq)
{
    irq_set_level(irq, 1);
    irq_set_level(irq, 0);
}

static char *gpio_pin_name(const char *name, const char *fallback, int n)
{
    return g_strdup_printf("%s[%d]", name ? name : fallback, n);
}

void gpio_init_in(Object *obj, IrqHandler *handler, int n, const char *name)
{
    g_assert(n >= 0);
    for (int i = 0; i < n; i++) {
        g_autofree char *pin = gpio_pin_name(name, GPIO_IN_DEFAULT, i);
        IrqLine *irq = irq_new(handler, obj, i);

        /* The child property takes over our reference. */
        object_property_add_child(obj, pin, OBJECT(irq));
        object_unref(irq);
    }
}

void gpio_init_out(Object *obj, IrqLine **pins, int n, const char *name)
{
    g_assert(n >= 0);
    for (int i = 0; i < n; i++) {
        g_autofree char *pin = gpio_pin_name(name, GPIO_OUT_DEFAULT, i);

        /* IrqLine starts with its Object, so a pin is an Object * slot. */
        object_property_add_link(obj, pin, TYPE_IRQ, (Object **)&pins[i],
                                 object_property_allow_set_link,
                                 OBJ_PROP_LINK_STRONG);
    }
}

IrqLine *gpio_get_in(Object *obj, const char *name, int n)
{
    g_autofree char *pin = gpio_pin_name(name, GPIO_IN_DEFAULT, n);
    ObjectProperty *prop = object_property_find(obj, pin);
    Object *target = NULL;

    if (!prop || !object_property_is_child(prop) ||
        !object_property_get_link(obj, pin, &target, NULL)) {
        return NULL;
    }
    return (IrqLine *)object_dynamic_cast(target, TYPE_IRQ);
}

bool gpio_connect(Object *src, const char *name, int n, IrqLine *dst,
                  Error **errp)
{
    g_autofree char *pin = gpio_pin_name(name, GPIO_OUT_DEFAULT, n);
    ObjectProperty *prop = object_property_find(src, pin);

    if (!prop || !object_property_is_link(prop)) {
        g_autofree char *path = object_get_canonical_path(src);
        error_setg(errp, "object '%s' has no GPIO output '%s'",
                   path ? path : object_get_typename(src), pin);
        return false;
    }
    return object_property_set_link(src, pin, OBJECT(dst), errp);
}
