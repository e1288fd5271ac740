/* The mux back-end over a ringbuf: input is injected with the back-end
 * helper chardev_be_read(), output read back with ringbuf_read(). */
#include "chardev.h"
#include "char-mux.h"
#include "char-ringbuf.h"

#include <string.h>

typedef struct FrontEnd {
    GString *input;
    size_t room;                /* what can_read says; reads use it up */
    int opened;
} FrontEnd;

static size_t fe_can_read(void *opaque)
{
    FrontEnd *fe = opaque;

    return fe->room;
}

static void fe_read(void *opaque, const uint8_t *buf, size_t len)
{
    FrontEnd *fe = opaque;

    g_assert_cmpuint(len, <=, fe->room);
    fe->room -= len;
    g_string_append_len(fe->input, (const char *)buf, len);
}

static void fe_event(void *opaque, ChardevEvent event)
{
    if (event == CHARDEV_EVENT_OPENED) {
        ((FrontEnd *)opaque)->opened++;
    }
}

static void fe_init(FrontEnd *fe)
{
    *fe = (FrontEnd) { .input = g_string_new(NULL), .room = 1 << 20 };
}

typedef struct MuxFixture {
    Chardev *backend;
    Chardev *mux;
    FrontEnd fe[2];
} MuxFixture;

static void mux_setup(MuxFixture *f, gconstpointer data)
{
    f->backend = chardev_new_from_keyval("ringbuf,id=mb,size=4096",
                                         &error_abort);
    f->mux = chardev_new_from_keyval("mux,id=mx,chardev=mb", &error_abort);
    for (int i = 0; i < 2; i++) {
        fe_init(&f->fe[i]);
        g_assert_cmpint(mux_add_frontend(f->mux, fe_can_read, fe_read,
                                         fe_event, &f->fe[i], &error_abort),
                        ==, i);
        g_assert_cmpint(f->fe[i].opened, ==, 1);
    }
}

static void mux_teardown(MuxFixture *f, gconstpointer data)
{
    g_assert_true(chardev_remove("mx", &error_abort));
    object_unref(OBJECT(f->mux));
    g_assert_true(chardev_remove("mb", &error_abort));
    object_unref(OBJECT(f->backend));
    for (int i = 0; i < 2; i++) {
        g_string_free(f->fe[i].input, TRUE);
    }
}

static void input(MuxFixture *f, const char *s)
{
    chardev_be_read(f->backend, (const uint8_t *)s, strlen(s));
}

static char *backend_output(MuxFixture *f)
{
    size_t len;

    return ringbuf_read(f->backend, 4096, &len, &error_abort);
}

static void mux_switches_focus(MuxFixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    g_assert_cmpint(mux_get_focus(f->mux), ==, 0);
    input(f, "abc\x01" "cxyz");
    g_assert_cmpstr(f->fe[0].input->str, ==, "abc");
    g_assert_cmpstr(f->fe[1].input->str, ==, "xyz");
    g_assert_cmpint(mux_get_focus(f->mux), ==, 1);
    /* The escape split across reads; the focus wraps around. */
    input(f, "\x01");
    input(f, "cd");
    g_assert_cmpint(mux_get_focus(f->mux), ==, 0);
    g_assert_cmpstr(f->fe[0].input->str, ==, "abcd");
    g_assert_cmpstr(f->fe[1].input->str, ==, "xyz");

    /* Every front-end's output reaches the back-end. */
    chardev_write(f->mux, "from0 ", 6);
    chardev_write(f->mux, "from1", 5);
    out = backend_output(f);
    g_assert_cmpstr(out, ==, "from0 from1");
}

static void mux_literal_escape(MuxFixture *f, gconstpointer data)
{
    input(f, "a\x01\x01" "b\x01");
    input(f, "\x01");
    g_assert_cmpstr(f->fe[0].input->str, ==, "a\x01" "b\x01");
    g_assert_cmpstr(f->fe[1].input->str, ==, "");
    /* An unknown command is dropped with its escape. */
    input(f, "\x01zq");
    g_assert_cmpstr(f->fe[0].input->str, ==, "a\x01" "b\x01q");
}

static void mux_prints_help(MuxFixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    input(f, "\x01h");
    out = backend_output(f);
    g_assert_nonnull(strstr(out, "C-a c"));
    g_assert_nonnull(strstr(out, "C-a C-a"));
    g_assert_cmpstr(f->fe[0].input->str, ==, "");
}

static void mux_holds_input_without_room(MuxFixture *f, gconstpointer data)
{
    f->fe[0].room = 2;
    input(f, "abcd\x01" "cef");
    g_assert_cmpstr(f->fe[0].input->str, ==, "ab");
    f->fe[0].room = 1 << 20;
    chardev_accept_input(f->mux);
    g_assert_cmpstr(f->fe[0].input->str, ==, "abcd");
    g_assert_cmpstr(f->fe[1].input->str, ==, "ef");
}

static void mux_errors(void)
{
    g_autoptr(Chardev) rb = chardev_new_from_keyval("ringbuf,id=me",
                                                    &error_abort);
    g_autoptr(Chardev) mux = NULL;
    g_autoptr(Error) err = NULL;

    g_assert_null(chardev_new_from_keyval("mux,id=m1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "chardev 'm1' needs 'chardev'");
    g_clear_pointer(&err, error_free);
    g_assert_null(chardev_new_from_keyval("mux,id=m1,chardev=nope", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev 'm1': chardev 'nope' does not exist");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(mux_add_frontend(rb, NULL, NULL, NULL, NULL, &err), ==,
                    -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "chardev 'me' is not a mux");
    g_clear_pointer(&err, error_free);

    mux = chardev_new_from_keyval("mux,id=m1,chardev=me", &error_abort);
    for (int i = 0; i < MUX_MAX_FRONTENDS; i++) {
        g_assert_cmpint(mux_add_frontend(mux, NULL, NULL, NULL, NULL,
                                         &error_abort), ==, i);
    }
    g_assert_cmpint(mux_add_frontend(mux, NULL, NULL, NULL, NULL, &err), ==,
                    -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev 'm1': too many front-ends");
    g_clear_pointer(&err, error_free);
    g_assert_false(mux_set_focus(mux, 4, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev 'm1' has no front-end 4");
    g_assert_true(mux_set_focus(mux, 3, &error_abort));
    g_assert_cmpint(mux_get_focus(mux), ==, 3);
    g_assert_true(chardev_remove("m1", &error_abort));
    g_assert_true(chardev_remove("me", &error_abort));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/chardev/mux/switches-focus", MuxFixture, NULL, mux_setup,
               mux_switches_focus, mux_teardown);
    g_test_add("/chardev/mux/literal-escape", MuxFixture, NULL, mux_setup,
               mux_literal_escape, mux_teardown);
    g_test_add("/chardev/mux/prints-help", MuxFixture, NULL, mux_setup,
               mux_prints_help, mux_teardown);
    g_test_add("/chardev/mux/holds-input-without-room", MuxFixture, NULL,
               mux_setup, mux_holds_input_without_room, mux_teardown);
    g_test_add_func("/chardev/mux/errors", mux_errors);
    return g_test_run();
}
