/* The tcg accelerator: see tcg-accel.h. */
#include "tcg-accel.h"

#include "runstate.h"

typedef struct TcgAccelSource {
    GSource source;
    TcgAccel *accel;
} TcgAccelSource;

struct TcgAccel {
    RiscvCpu **cpus;
    bool *sleeping;             /* per hart: in wfi with nothing pending */
    unsigned n;
    unsigned next;              /* the hart the next slice starts with */
    RiscvCpu *running;          /* inside riscv_cpu_exec(), or NULL */
    bool kicked;                /* end the slice now */
    uint64_t instructions;
    uint32_t idle_polls;        /* console polls since the last progress */
    RiscvCpu *poll_hart;        /* who polled last, and at which instret */
    uint64_t poll_instret;
    int64_t rest_until;         /* monotonic us: no slice before this */
    int64_t last_progress;      /* monotonic us */
    GSource *source;
};

static bool spinning(TcgAccel *accel)
{
    return accel->idle_polls >= TCG_ACCEL_IDLE_POLLS &&
           g_get_monotonic_time() - accel->last_progress >=
           TCG_ACCEL_IDLE_AFTER_US;
}

/* A sleeping hart wakes once an interrupt is pending for it, whatever the
 * global enables say (the ISA's wfi rule). */
static bool hart_runnable(TcgAccel *accel, unsigned i)
{
    if (accel->sleeping[i] &&
        riscv_cpu_has_pending_interrupt(accel->cpus[i])) {
        accel->sleeping[i] = false;
    }
    return !accel->sleeping[i];
}

static bool any_runnable(TcgAccel *accel)
{
    bool any = false;

    if (!runstate_is_running()) {
        return false;
    }
    /* Every hart, not the first found: each one's wake-up is noted. */
    for (unsigned i = 0; i < accel->n; i++) {
        any |= hart_runnable(accel, i);
    }
    return any;
}

/* Microseconds a spinning guest still rests, or 0. */
static int64_t rest_left(TcgAccel *accel)
{
    int64_t left;

    if (!spinning(accel)) {
        return 0;
    }
    left = accel->rest_until - g_get_monotonic_time();
    return left > 0 ? left : 0;
}

static gboolean tcg_source_prepare(GSource *source, gint *timeout)
{
    TcgAccel *accel = ((TcgAccelSource *)source)->accel;
    bool ready = any_runnable(accel);
    int64_t rest = ready ? rest_left(accel) : 0;

    if (rest) {
        /* Wake for the next round when the rest is over. */
        *timeout = (gint)((rest + 999) / 1000);
        return FALSE;
    }
    /* Not ready: no timeout of our own, the other sources' decide. */
    *timeout = ready ? 0 : -1;
    return ready;
}

static gboolean tcg_source_check(GSource *source)
{
    TcgAccel *accel = ((TcgAccelSource *)source)->accel;

    return any_runnable(accel) && !rest_left(accel);
}

/* Runs hart i for one budget; false when the slice must end. */
static bool run_hart(TcgAccel *accel, unsigned i)
{
    RiscvCpu *cpu = accel->cpus[i];
    uint64_t before = riscv_cpu_instret(cpu);
    RiscvExitReason why;
    uint64_t after;

    accel->running = cpu;
    why = riscv_cpu_exec(cpu, TCG_ACCEL_HART_BUDGET);
    accel->running = NULL;
    after = riscv_cpu_instret(cpu);
    /* A reset inside the call (none today) would move instret back. */
    accel->instructions += after >= before ? after - before : after;
    switch (why) {
    case RISCV_EXIT_WFI:
    case RISCV_EXIT_HALTED:
        accel->sleeping[i] = true;
        return true;
    case RISCV_EXIT_REQUESTED:
        return false;
    case RISCV_EXIT_BUDGET:
    default:
        return true;
    }
}

static gboolean tcg_source_dispatch(GSource *source, GSourceFunc callback,
                                    gpointer user_data)
{
    TcgAccel *accel = ((TcgAccelSource *)source)->accel;
    int64_t end = g_get_monotonic_time() + TCG_ACCEL_SLICE_US;

    /* GLib keeps a source that was ready but lost its turn to a busier,
     * higher-priority one (a QMP client) marked ready, and dispatches it
     * later without asking prepare() or check() again: by then `stop`
     * may have paused the machine, or a rest begun. */
    if (!any_runnable(accel) || rest_left(accel)) {
        return G_SOURCE_CONTINUE;
    }
    accel->kicked = false;
    do {
        bool ran = false;

        for (unsigned k = 0; k < accel->n && !accel->kicked; k++) {
            unsigned i = (accel->next + k) % accel->n;

            if (!hart_runnable(accel, i)) {
                continue;
            }
            ran = true;
            if (!run_hart(accel, i)) {
                accel->kicked = true;
            }
        }
        accel->next = (accel->next + 1) % accel->n;
        if (!ran) {
            break;
        }
    } while (!accel->kicked && runstate_is_running() &&
             g_get_monotonic_time() < end);
    if (spinning(accel)) {
        accel->rest_until = g_get_monotonic_time() + TCG_ACCEL_IDLE_SLEEP_US;
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs tcg_source_funcs = {
    .prepare = tcg_source_prepare,
    .check = tcg_source_check,
    .dispatch = tcg_source_dispatch,
};

/* A runstate request was queued (maybe by the running hart's own MMIO
 * write): back to the main loop at the next block boundary. */
static void tcg_accel_kick(void *opaque)
{
    TcgAccel *accel = opaque;

    accel->kicked = true;
    if (accel->running) {
        riscv_cpu_request_exit(accel->running);
    }
}

void tcg_accel_note_idle_poll(TcgAccel *accel)
{
    RiscvCpu *hart = accel->running;
    uint64_t instret = hart ? riscv_cpu_instret(hart) : 0;

    /* Polls far apart, or from another hart, start the count afresh. */
    if (hart != accel->poll_hart ||
        instret - accel->poll_instret > TCG_ACCEL_IDLE_POLL_GAP) {
        accel->idle_polls = 0;
    }
    accel->poll_hart = hart;
    accel->poll_instret = instret;
    if (accel->idle_polls < TCG_ACCEL_IDLE_POLLS) {
        accel->idle_polls++;
        return;
    }
    /* The clock is read once per poll only past the count. */
    if (!spinning(accel)) {
        return;
    }
    /* Spinning: end the slice here, the dispatch sets the rest. */
    tcg_accel_kick(accel);
}

void tcg_accel_note_progress(TcgAccel *accel)
{
    accel->idle_polls = 0;
    accel->rest_until = 0;
    accel->last_progress = g_get_monotonic_time();
}

static void tcg_accel_on_reset(void *opaque)
{
    TcgAccel *accel = opaque;

    tcg_accel_note_progress(accel);
    for (unsigned i = 0; i < accel->n; i++) {
        accel->sleeping[i] = false;
    }
}

TcgAccel *tcg_accel_new(RiscvCpu *const *cpus, unsigned n)
{
    TcgAccel *accel = g_new0(TcgAccel, 1);

    g_assert(n >= 1);
    accel->cpus = g_memdup2(cpus, n * sizeof(cpus[0]));
    accel->sleeping = g_new0(bool, n);
    accel->n = n;
    accel->last_progress = g_get_monotonic_time();
    accel->source = g_source_new(&tcg_source_funcs, sizeof(TcgAccelSource));
    ((TcgAccelSource *)accel->source)->accel = accel;
    g_source_set_priority(accel->source, G_PRIORITY_LOW);
    g_source_set_name(accel->source, "tcg-accel");
    g_source_attach(accel->source, NULL);
    runstate_set_kick(tcg_accel_kick, accel);
    runstate_add_reset_handler(tcg_accel_on_reset, accel);
    return accel;
}

void tcg_accel_free(TcgAccel *accel)
{
    if (!accel) {
        return;
    }
    runstate_remove_reset_handler(tcg_accel_on_reset, accel);
    runstate_set_kick(NULL, NULL);
    g_source_destroy(accel->source);
    g_source_unref(accel->source);
    g_free(accel->sleeping);
    g_free(accel->cpus);
    g_free(accel);
}

bool tcg_accel_hart_sleeping(const TcgAccel *accel, unsigned i)
{
    return i < accel->n && accel->sleeping[i];
}

uint64_t tcg_accel_instructions(const TcgAccel *accel)
{
    return accel->instructions;
}
