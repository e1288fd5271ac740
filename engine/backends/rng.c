/* Random number generator back-ends: see rng.h. */
#include "rng.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include "object-interfaces.h"
#include "qapi-qom.h"

typedef struct RngBackendClass {
    ObjectClass parent_class;
    bool (*fill)(RngBackend *rng, void *buf, size_t len, Error **errp);
} RngBackendClass;

struct RngBackend {
    Object parent_obj;
};

typedef struct RngRandom {
    RngBackend parent_obj;
    RngRandomProperties props;
    int fd;
} RngRandom;

#define RNG_BACKEND_GET_CLASS(obj) \
    OBJECT_GET_CLASS(RngBackendClass, (obj), TYPE_RNG_BACKEND)

RngBackend *rng_backend_cast(Object *obj)
{
    return (RngBackend *)object_dynamic_cast(obj, TYPE_RNG_BACKEND);
}

bool rng_backend_fill(RngBackend *rng, void *buf, size_t len, Error **errp)
{
    return RNG_BACKEND_GET_CLASS(rng)->fill(rng, buf, len, errp);
}

static bool rng_builtin_fill(RngBackend *rng, void *buf, size_t len,
                             Error **errp)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = getrandom((char *)buf + done, len - done, 0);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg_errno(errp, errno, "getrandom failed");
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

static bool rng_random_fill(RngBackend *rng, void *buf, size_t len,
                            Error **errp)
{
    RngRandom *r = (RngRandom *)rng;

    for (size_t done = 0; done < len;) {
        ssize_t n = read(r->fd, (char *)buf + done, len - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg(errp, "rng-random: reading '%s' failed: %s",
                       r->props.filename,
                       n < 0 ? g_strerror(errno) : "end of file");
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

static bool rng_random_complete(UserCreatable *uc, Error **errp)
{
    RngRandom *r = (RngRandom *)uc;

    r->fd = open(r->props.filename, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        error_setg_errno(errp, errno, "rng-random: cannot open '%s'",
                         r->props.filename);
        return false;
    }
    return true;
}

static void rng_random_init(Object *obj)
{
    ((RngRandom *)obj)->fd = -1;
}

static void rng_random_finalize(Object *obj)
{
    RngRandom *r = (RngRandom *)obj;

    if (r->fd >= 0) {
        close(r->fd);
    }
}

static void rng_builtin_class_init(ObjectClass *oc, const void *data)
{
    ((RngBackendClass *)oc)->fill = rng_builtin_fill;
}

static void rng_random_class_init(ObjectClass *oc, const void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ((RngBackendClass *)oc)->fill = rng_random_fill;
    ucc->complete = rng_random_complete;
    qom_rng_random_class_add_properties(
        oc, QOM_PROPS_OFFSET(RngRandom, props, RngRandomProperties));
}

static const TypeInfo rng_types[] = {
    {
        QOM_RNG_BACKEND_TYPE_INFO,
        .instance_size = sizeof(RngBackend),
        .class_size = sizeof(RngBackendClass),
    }, {
        QOM_RNG_BUILTIN_TYPE_INFO,
        .instance_size = sizeof(RngBackend),
        .class_size = sizeof(RngBackendClass),
        .class_init = rng_builtin_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE }, { NULL } },
    }, {
        QOM_RNG_RANDOM_TYPE_INFO,
        .instance_size = sizeof(RngRandom),
        .class_size = sizeof(RngBackendClass),
        .instance_init = rng_random_init,
        .instance_finalize = rng_random_finalize,
        .class_init = rng_random_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE }, { NULL } },
    },
};

DEFINE_TYPES_REGISTER_ONCE(rng_backends_register_types, rng_types, G_N_ELEMENTS(rng_types))
