/* The "null" back-end: see char-null.h. */
#include "char-null.h"

static bool char_null_open(Chardev *chr, const QDict *opts, Error **errp)
{
    chardev_be_event(chr, CHARDEV_EVENT_OPENED);
    return true;
}

static void char_null_class_init(ObjectClass *oc, const void *data)
{
    CHARDEV_CLASS(oc)->open = char_null_open;
}

static const TypeInfo char_null_info = {
    .name = TYPE_CHARDEV_NULL,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(Chardev),
    .class_init = char_null_class_init,
};

void char_null_register_types(void)
{
    type_register_static(&char_null_info);
}
